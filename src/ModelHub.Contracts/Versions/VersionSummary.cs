namespace ModelHub.Contracts.Versions;

public sealed record VersionSummary(string Version, string State, string? Notes, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt, int FileCount, long TotalSize);
