namespace ModelHub.Server.Jobs;

/// <summary>A job a worker holds: its id, kind, and which attempt this is (1 for the first).</summary>
public sealed record ClaimedJob(long Id, string Kind, int Attempt);
