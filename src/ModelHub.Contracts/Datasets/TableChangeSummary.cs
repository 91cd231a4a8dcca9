namespace ModelHub.Contracts.Datasets;

/// <summary>What a commit did to a keyed table: rows added (new keys), removed (deleted keys), changed (edited keys
/// whose values differ), and the new table's row count.</summary>
public sealed record TableChangeSummary(long RowsAdded, long RowsRemoved, long RowsChanged, long RowCount);
