namespace ModelHub.Server.Jobs;

/// <summary>
/// A group of job kinds worked through by its own workers, so a long job of one lane (a model's validation) never holds
/// up another's (a table's indexing). <paramref name="Lease"/> must outlast the longest job of the lane;
/// <paramref name="OnStart"/> runs once before the workers (e.g. to start a worker process ahead of need).
/// </summary>
public sealed record JobLane(
    string Name, IReadOnlyList<string> Kinds, bool Enabled, int Parallelism, TimeSpan Lease, Action? OnStart = null);
