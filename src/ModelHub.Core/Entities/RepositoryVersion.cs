namespace ModelHub.Core.Entities;

/// <summary>An immutable set of files under a tag such as <c>1.2.0</c>.</summary>
public sealed class RepositoryVersion
{
    public long Id { get; set; }
    public long RepositoryId { get; set; }
    public Repository Repository { get; set; } = null!;
    public required string Name { get; set; }
    public VersionState State { get; set; }
    public string? Notes { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public long TotalSize { get; set; }
    public List<VersionFile> Files { get; set; } = [];
    public List<VersionVariant> Variants { get; set; } = [];

    /// <summary>Lineage of a model version: the dataset versions it was trained or evaluated on.</summary>
    public List<VersionLink> Datasets { get; set; } = [];

    /// <summary>Lineage of a dataset version: the model versions that name it.</summary>
    public List<VersionLink> UsedBy { get; set; } = [];

    /// <summary>What the uploader said about validation (smoke hints, tolerance), as JSON.</summary>
    public string? ValidationSettings { get; set; }

    /// <summary>The validation report, as JSON, once validation ran.</summary>
    public string? ValidationReport { get; set; }

    /// <summary>The tables of a dataset version and their indexing state.</summary>
    public List<VersionTable> Tables { get; set; } = [];

    /// <summary>A dataset commit's parent: the version it was made from (null for a version pushed whole, or once the
    /// parent was deleted; <see cref="CommitSummary"/> still names it).</summary>
    public long? ParentId { get; set; }
    public RepositoryVersion? Parent { get; set; }

    /// <summary>What a commit changed (files and rows), as JSON; null for a version pushed whole.</summary>
    public string? CommitSummary { get; set; }
}
