using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Filters;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Rows;

/// <summary>
/// Reads pages of rows. Without a filter or search, the page is a range of the row-number column, which a materialised
/// table's row-group statistics answer without reading the other groups. With one, DuckDB scans in file order and stops
/// once it has the page (insertion order is preserved, so no sort is needed).
/// </summary>
internal static class RowReader
{
    public static async Task<TableRows> ReadAsync(
        DuckSession session, TableSource table, RowsRequest request, TableEngineOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request.Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Length, RowsRequest.MaxLength);
        var columns = request.Columns is null ? table.Columns : [.. request.Columns.Distinct().Select(table.Column)];
        var condition = Condition(table, request.Filter, request.Search);
        var row = Sql.Identifier(Sql.RowColumn);
        var projection = new RowProjection(columns, options);
        var select = projection.SelectList;
        var (sql, parameters) = condition == SqlCondition.True
            ? ($"SELECT {select} FROM {table.Relation} WHERE {row} >= ? AND {row} < ? ORDER BY {row}",
                new object?[] { request.Offset, request.Offset + request.Length })
            : ($"SELECT {select} FROM {table.Relation} WHERE {condition.Sql} LIMIT ? OFFSET ?",
                [.. condition.Parameters, (long)request.Length, request.Offset]);
        var rows = await session.QueryAsync(sql, projection.Read, cancellationToken, parameters);
        return new TableRows(request.Offset, columns, rows);
    }

    public static async Task<long> CountAsync(
        DuckSession session, TableSource table, string? filter, string? search, CancellationToken cancellationToken)
    {
        var condition = Condition(table, filter, search);
        return await session.SingleAsync(
            $"SELECT count(*) FROM {table.Reader} WHERE {condition.Sql}", r => r.GetInt64(0), cancellationToken, [.. condition.Parameters]);
    }

    public static SqlCondition Condition(TableSource table, string? filter, string? search) =>
        FilterCompiler.Compile(filter, table.Columns).And(SearchCompiler.Compile(search, table.Columns));
}
