using System.Text.Json.Nodes;

namespace ModelHub.Contracts.Datasets;

/// <summary>A page of rows. Each row carries its index in the whole table (stable across filters) and its values as
/// JSON: numbers, strings, booleans, null; date-times as ISO 8601 strings; lists and structs nested; binary as base64;
/// NaN and infinities as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.</summary>
public sealed record TableRows(long Offset, IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows);

/// <summary>One row, its index in the table, and the columns whose value was too large for a page
/// (<see cref="TruncatedCells"/>): text cut to the engine's limit, larger lists, structs or binary values left null.</summary>
public sealed record TableRow(long RowIndex, JsonObject Values, IReadOnlyList<string> TruncatedCells);
