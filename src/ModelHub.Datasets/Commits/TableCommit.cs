namespace ModelHub.Datasets.Commits;

/// <summary>
/// Changes to a keyed table. <paramref name="ParentPath"/> is the parent table (materialised or not);
/// <paramref name="KeyColumn"/> must exist and be unique (no nulls) in it. <paramref name="UpsertsPath"/> is a CSV, TSV,
/// JSONL or Parquet file of edited or new rows: the key column plus any subset of the parent's columns (a missing column
/// keeps the parent's value on edited rows and is null on new rows; an empty CSV cell or JSON null sets null).
/// <paramref name="DeleteKeys"/> are keys to remove, as text cast to the key's type (streamed, never listed in memory
/// by the engine). The new materialised table is written to <paramref name="OutputPath"/>.
/// </summary>
public sealed record TableCommit(
    string ParentPath,
    string KeyColumn,
    string? UpsertsPath,
    IEnumerable<string>? DeleteKeys,
    string OutputPath);
