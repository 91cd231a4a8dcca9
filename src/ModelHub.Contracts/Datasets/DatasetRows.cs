using System.Text.Json.Nodes;

namespace ModelHub.Contracts.Datasets;

/// <summary>
/// A page of a table's rows, shaped like the Hugging Face dataset viewer's: the columns, the rows with their index in
/// the whole table, and <see cref="Total"/>, the row count of the table (null under a filter or search: ask the count
/// route). Values of columns that name files of the version come with <see cref="DatasetRow.Media"/> links.
/// </summary>
public sealed record DatasetRows(
    string Table, long Offset, IReadOnlyList<TableColumn> Columns, IReadOnlyList<DatasetRow> Rows, long? Total);

/// <summary>One row: its index in the table, its values (see <see cref="TableRows"/>), the cells cut to fit a page, and
/// per media column the link to the file the value names (absent when it names no file of the version).</summary>
public sealed record DatasetRow(
    long RowIndex, JsonObject Values, IReadOnlyList<string> TruncatedCells, IReadOnlyDictionary<string, MediaLink>? Media);

/// <summary>A file of the version named by a cell: its kind (<see cref="MediaKinds"/>), its URL (the version's file route,
/// which checks who may read it) and, for images, the URL of its thumbnail.</summary>
public sealed record MediaLink(string Kind, string Url, string? Thumbnail);

/// <summary>How many rows match a filter and/or search.</summary>
public sealed record RowCount(long Count);
