namespace ModelHub.Server.Versions;

/// <summary>The parent of a version made by a dataset commit, and what the commit changed (JSON).</summary>
public sealed record VersionParent(long Id, string CommitSummary);
