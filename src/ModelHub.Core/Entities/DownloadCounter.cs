namespace ModelHub.Core.Entities;

/// <summary>Downloads of a version, per variant (empty for files that belong to none); flushed from memory in batches.</summary>
public sealed class DownloadCounter
{
    public long VersionId { get; set; }
    public string Variant { get; set; } = "";
    public long Count { get; set; }
}
