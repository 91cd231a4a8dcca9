namespace ModelHub.Contracts.Datasets;

/// <summary>What indexing a table found: its format (<c>csv</c>, <c>tsv</c>, <c>jsonl</c>, <c>parquet</c>), row count,
/// columns and per-column statistics.</summary>
public sealed record TableSummary(
    string Format,
    long RowCount,
    IReadOnlyList<TableColumn> Columns,
    IReadOnlyList<ColumnStatistics> Statistics);
