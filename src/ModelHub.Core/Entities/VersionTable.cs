namespace ModelHub.Core.Entities;

/// <summary>
/// A table (CSV, TSV, JSONL or Parquet file) of a dataset version and what indexing it found: pending until a job has
/// read it, then indexed (format, row count, schema and statistics, and the materialised Parquet copy rows are read
/// from) or failed with the reason people see.
/// </summary>
public sealed class VersionTable
{
    public long Id { get; set; }
    public long VersionId { get; set; }
    public RepositoryVersion Version { get; set; } = null!;

    /// <summary>The file's path in the version.</summary>
    public required string Path { get; set; }

    /// <summary>The file's digest: what was indexed.</summary>
    public required string SourceDigest { get; set; }

    public TableState State { get; set; }

    /// <summary>Why indexing failed, for people (a malformed table).</summary>
    public string? Error { get; set; }

    public string? Format { get; set; }
    public long? RowCount { get; set; }

    /// <summary>Columns and statistics, as JSON (the wire's <c>TableSummary</c>).</summary>
    public string? Summary { get; set; }

    /// <summary>The derived blob of the materialised Parquet copy (numbered rows, small row groups).</summary>
    public string? MaterialisedDigest { get; set; }

    /// <summary>A hash of the version's file paths the statistics resolved path columns against: a version with the same
    /// paths can take these statistics as they are.</summary>
    public string? FilesFingerprint { get; set; }

    /// <summary>The key column a commit declared for this table, kept for compares and the next commit.</summary>
    public string? KeyColumn { get; set; }

    public DateTimeOffset? IndexedAt { get; set; }
}
