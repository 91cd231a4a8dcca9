namespace ModelHub.Contracts.Datasets;

/// <summary>
/// What a commit changed: the parent it was made from, the paths of the files added, removed and modified (a table whose
/// rows were edited is modified; one converted from CSV or JSONL to Parquet is removed under its old path and added under
/// the new), the row changes per table, and their totals.
/// </summary>
public sealed record CommitSummary(
    string Parent,
    IReadOnlyList<string> FilesAdded,
    IReadOnlyList<string> FilesRemoved,
    IReadOnlyList<string> FilesModified,
    IReadOnlyList<TableCommitChange> Tables,
    long RowsAdded,
    long RowsRemoved,
    long RowsChanged);

/// <summary>The row changes of one table: its path now and before, its key column, and the counts.</summary>
public sealed record TableCommitChange(
    string Path, string PreviousPath, string Key, long RowsAdded, long RowsRemoved, long RowsChanged, long RowCount);

/// <summary>One version in a dataset's history: who made it and when, its parent and what it changed (null for a version
/// pushed whole).</summary>
public sealed record CommitInfo(
    string Version, string? Parent, string State, string CreatedBy, DateTimeOffset CreatedAt, string? Notes, CommitSummary? Changes);
