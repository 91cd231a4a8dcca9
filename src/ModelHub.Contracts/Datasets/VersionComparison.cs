namespace ModelHub.Contracts.Datasets;

/// <summary>
/// The difference between two versions of a dataset: files added, removed and modified (by digest), and per table that
/// changed its row-level comparison (keyed by the key column a commit declared, or the <c>key</c> asked for; unkeyed
/// otherwise), with one page of row changes and the shift of the label distribution.
/// </summary>
public sealed record VersionComparison(string Base, string Head, IReadOnlyList<FileChange> Files, IReadOnlyList<TableDiff> Tables);

/// <summary>A file that differs: <see cref="Change"/> is <c>added</c>, <c>removed</c> or <c>modified</c>.</summary>
public sealed record FileChange(string Path, string Change, string? BaseDigest, string? HeadDigest, long? BaseSize, long? HeadSize);

/// <summary>
/// A table that differs between the versions: its path on each side (a table converted to Parquet by a commit is
/// matched to its former self), and the comparison, or why there is none (<see cref="Note"/>: a side not indexed yet,
/// a side that does not parse, a table only on one side, or a table not selected by the request's <c>table</c>).
/// </summary>
public sealed record TableDiff(string? BasePath, string? HeadPath, TableComparison? Comparison, string? Note);
