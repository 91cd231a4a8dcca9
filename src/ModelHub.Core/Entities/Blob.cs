namespace ModelHub.Core.Entities;

/// <summary>Verified bytes in the blob store, shared by every file with the same digest.</summary>
public sealed class Blob
{
    /// <summary><c>sha256:&lt;hex&gt;</c>.</summary>
    public required string Digest { get; set; }
    public long Size { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
