namespace ModelHub.Client;

/// <summary>
/// A dataset commit from local files: a new version of <see cref="Repository"/> (<c>owner/name</c>) made from
/// <see cref="Parent"/>. <see cref="Add"/> maps version paths to local files, <see cref="Remove"/> lists version paths,
/// <see cref="Tables"/> edits rows of keyed tables. Only these files are uploaded (resumably, skipping what the server has).
/// </summary>
public sealed record DatasetCommit(string Repository, string Parent)
{
    public string? Version { get; init; }
    public string? Notes { get; init; }
    public IReadOnlyDictionary<string, string>? Add { get; init; }
    public IReadOnlyList<string>? Remove { get; init; }
    public IReadOnlyList<TableEdits>? Tables { get; init; }
}

/// <summary>Row edits of one table (its path in the parent): a local CSV, TSV, JSONL or Parquet file of upserted rows
/// (the key column plus any columns) and/or a local text file of keys to delete, one per line. <see cref="Key"/> may be
/// left out when an earlier commit declared it.</summary>
public sealed record TableEdits(string Table, string? Key = null, string? Upserts = null, string? Deletes = null);

/// <summary>What a page of rows asks: offset, length (1 to 100), a filter in the server's grammar, a text to search,
/// and the columns to return (all when null).</summary>
public sealed record RowsQuery(
    long Offset = 0, int Length = 100, string? Filter = null, string? Search = null, IReadOnlyList<string>? Columns = null);

/// <summary>What a compare asks beyond its two versions: one table (by path), its key and label columns, and the page of
/// row changes (<c>added</c>, <c>removed</c> or <c>changed</c> only, when <see cref="Change"/> is set).</summary>
public sealed record DatasetCompareOptions(
    string? Table = null, string? Key = null, string? Label = null, long Offset = 0, int Length = 50, string? Change = null);
