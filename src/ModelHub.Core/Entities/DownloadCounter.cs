namespace ModelHub.Core.Entities;

/// <summary>
/// Counts of a version per tier (empty for files that belong to none), flushed from memory in batches: completed
/// transfers of the tier's model file, and manifest lookups that chose the tier (which move no byte).
/// </summary>
public sealed class DownloadCounter
{
    public long VersionId { get; set; }
    public string Variant { get; set; } = "";

    /// <summary>Completed transfers: a whole GET, or a range reaching the last byte.</summary>
    public long Count { get; set; }

    /// <summary>Manifest answers that chose this tier.</summary>
    public long Lookups { get; set; }
}
