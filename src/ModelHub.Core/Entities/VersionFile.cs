namespace ModelHub.Core.Entities;

/// <summary>One path of a version, pointing at a blob by digest.</summary>
public sealed class VersionFile
{
    public long Id { get; set; }
    public long VersionId { get; set; }
    public RepositoryVersion Version { get; set; } = null!;
    public required string Path { get; set; }
    /// <summary><c>sha256:&lt;hex&gt;</c>, the key of a <see cref="Blob"/>.</summary>
    public required string Digest { get; set; }
    public long Size { get; set; }
    public required string ContentType { get; set; }
}
