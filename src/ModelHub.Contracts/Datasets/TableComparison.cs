using System.Text.Json.Nodes;

namespace ModelHub.Contracts.Datasets;

/// <summary>
/// The difference between two versions of a table. Keyed: rows added, removed and changed by key, and one page of the
/// row changes (base order, then added rows in head order). Unkeyed: <see cref="RowsAdded"/> and
/// <see cref="RowsRemoved"/> count rows only in head / only in base, compared as whole rows (a multiset), and there
/// are no row changes.
/// </summary>
public sealed record TableComparison(
    string? KeyColumn,
    long BaseRowCount,
    long HeadRowCount,
    long RowsAdded,
    long RowsRemoved,
    long RowsChanged,
    IReadOnlyList<string> ColumnsAdded,
    IReadOnlyList<string> ColumnsRemoved,
    long Offset,
    IReadOnlyList<RowChange> Changes,
    LabelShift? Labels);

/// <summary>One row change: its kind (<see cref="RowChangeKinds"/>), key, row index in base and/or head, the changed
/// cells (changed rows) or the whole row (added rows: head values; removed rows: base values).</summary>
public sealed record RowChange(
    string Kind,
    JsonNode? Key,
    long? BaseRowIndex,
    long? HeadRowIndex,
    IReadOnlyList<CellChange> Cells,
    JsonObject? Values);

/// <summary>A changed cell: its column, the value before and after.</summary>
public sealed record CellChange(string Column, JsonNode? Before, JsonNode? After);

/// <summary>The change of a label column's distribution: the count of each value in base and in head.</summary>
public sealed record LabelShift(string Column, IReadOnlyList<LabelCount> Values);

/// <summary>How often one label value occurs before and after.</summary>
public sealed record LabelCount(JsonNode? Value, long Before, long After);

/// <summary>The kinds of <see cref="RowChange"/>.</summary>
public static class RowChangeKinds
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Changed = "changed";
}
