namespace ModelHub.Core.Entities;

/// <summary>
/// A resumable upload (shaped like the OCI distribution spec). Its state lives in the database and its
/// chunks in the store's staging area, so any replica, or the same one after a restart, can continue it.
/// </summary>
public sealed class UploadSession
{
    public Guid Id { get; set; }
    /// <summary>Bytes received so far; the next chunk starts here.</summary>
    public long Offset { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<UploadPart> Parts { get; set; } = [];
}
