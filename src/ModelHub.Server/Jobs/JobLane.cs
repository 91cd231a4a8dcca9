namespace ModelHub.Server.Jobs;

/// <summary>
/// A group of job kinds worked through by its own workers, so a long job of one lane (a model's validation) never holds
/// up another's (a table's indexing). <paramref name="Lease"/> must outlast the longest job of the lane;
/// <paramref name="OnStart"/> runs once before the workers (e.g. to start a worker process ahead of need).
/// <paramref name="PerOwner"/>, when set, is the most jobs of one owner the lane runs at once, so one owner's queue (or
/// endless models) cannot take every worker while another owner's job waits.
/// </summary>
public sealed record JobLane(
    string Name, IReadOnlyList<string> Kinds, bool Enabled, int Parallelism, TimeSpan Lease, Action? OnStart = null,
    int? PerOwner = null);
