namespace ModelHub.Core.Entities;

/// <summary>
/// A caller who sent a blob's bytes (or proved to hold them by sending them again): such a caller may read the blob and
/// name it in a version even while no version it can read names it. Digests are not secrets, so knowing one proves nothing.
/// </summary>
public sealed class BlobUpload
{
    /// <summary><c>sha256:&lt;hex&gt;</c>, the key of the <see cref="Blob"/>.</summary>
    public required string Digest { get; set; }

    /// <summary>The caller's subject (<c>token:&lt;id&gt;</c>, or <c>admin</c> for the bootstrap token).</summary>
    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}
