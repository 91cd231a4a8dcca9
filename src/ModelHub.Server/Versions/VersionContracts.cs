using ModelHub.Core.Entities;

namespace ModelHub.Server.Versions;

public sealed record FileEntry(string? Path, string? Digest, long? Size, string? ContentType);

public sealed record CreateVersionRequest(string? Version, string? Notes, List<FileEntry>? Files);

public sealed record FileInfo(string Path, string Digest, long Size, string ContentType, string Url);

public sealed record VersionSummary(string Version, string State, string? Notes, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt, int FileCount, long TotalSize);

public sealed record VersionDetail(string Repository, string Version, string State, string? Notes, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt, long TotalSize, IReadOnlyList<FileInfo> Files);

public static class VersionMapping
{
    public static string StateName(this VersionState state) => state.ToString().ToLowerInvariant();

    public static VersionDetail AsDetail(this RepositoryVersion v, string kind, string owner, string name) =>
        new($"{owner}/{name}", v.Name, v.State.StateName(), v.Notes, v.CreatedBy, v.CreatedAt, v.PublishedAt, v.TotalSize,
            v.Files.OrderBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => new FileInfo(f.Path, f.Digest, f.Size, f.ContentType, $"/v1/{kind}/{owner}/{name}/versions/{v.Name}/files/{f.Path}"))
                .ToList());
}
