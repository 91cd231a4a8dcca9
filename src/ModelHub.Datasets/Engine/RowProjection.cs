using System.Data;
using System.Text.Json.Nodes;
using ModelHub.Contracts.Datasets;

namespace ModelHub.Datasets.Engine;

/// <summary>
/// The select list of a page of rows and how to read it back: the row number, each column as a JSON-friendly value
/// (<see cref="JsonValues"/>), then one flag per column that can be too large for a page. Text longer than the limit is
/// cut to it; lists, structs and maps whose JSON is longer, and binary values over the byte limit, come back null. Either
/// way the column is named in the row's truncated cells, so a viewer can fetch the whole value another way.
/// </summary>
internal sealed class RowProjection(IReadOnlyList<TableColumn> columns, TableEngineOptions options)
{
    private readonly List<int> _flagged = [.. columns.Select((c, i) => (c, i)).Where(x => Flagged(x.c)).Select(x => x.i)];

    public string SelectList => string.Join(", ", columns.Select(Value).Concat(_flagged.Select(i => Flag(columns[i])))
        .Prepend(Sql.Identifier(Sql.RowColumn)));

    public TableRow Read(IDataRecord record)
    {
        var values = new JsonObject();
        for (var i = 0; i < columns.Count; i++)
        {
            values[columns[i].Name] = JsonValues.Read(columns[i], record.GetValue(i + 1));
        }

        var truncated = _flagged.Where((_, f) => !record.IsDBNull(1 + columns.Count + f) && record.GetBoolean(1 + columns.Count + f))
            .Select(i => columns[i].Name)
            .ToList();
        return new TableRow(record.GetInt64(0), values, truncated);
    }

    private static bool Flagged(TableColumn column) =>
        column.Kind is ColumnKinds.Text or ColumnKinds.Binary or ColumnKinds.List or ColumnKinds.Struct or ColumnKinds.Map;

    private string Value(TableColumn column)
    {
        var c = Sql.Identifier(column.Name);
        return column.Kind switch
        {
            ColumnKinds.Text => $"left(CAST({c} AS VARCHAR), {options.MaxCellChars})",
            ColumnKinds.Binary => $"CASE WHEN octet_length({c}) <= {options.MaxInlineBinaryBytes} THEN base64({c}) END",
            ColumnKinds.List or ColumnKinds.Struct or ColumnKinds.Map =>
                $"CASE WHEN length({Json(c)}) <= {options.MaxCellChars} THEN {Json(c)} END",
            _ => JsonValues.Select(c, column),
        };
    }

    private string Flag(TableColumn column)
    {
        var c = Sql.Identifier(column.Name);
        return column.Kind switch
        {
            ColumnKinds.Text => $"length(CAST({c} AS VARCHAR)) > {options.MaxCellChars}",
            ColumnKinds.Binary => $"octet_length({c}) > {options.MaxInlineBinaryBytes}",
            _ => $"length({Json(c)}) > {options.MaxCellChars}",
        };
    }

    private static string Json(string column) => $"CAST(to_json({column}) AS VARCHAR)";
}
