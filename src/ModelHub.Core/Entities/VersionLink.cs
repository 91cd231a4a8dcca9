namespace ModelHub.Core.Entities;

/// <summary>Lineage: a model version was trained or evaluated on a dataset version.</summary>
public sealed class VersionLink
{
    public long VersionId { get; set; }
    public RepositoryVersion Version { get; set; } = null!;
    public long DatasetVersionId { get; set; }
    public RepositoryVersion DatasetVersion { get; set; } = null!;
}
