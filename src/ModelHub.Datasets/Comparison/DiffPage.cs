using System.Text.Json.Nodes;
using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Rows;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Comparison;

/// <summary>One page of row changes: the page's row numbers come from the diff table, then only those rows are read
/// from each side (a materialised table answers by row-group statistics) and their cells compared.</summary>
internal static class DiffPage
{
    private static readonly string[] Kinds = [RowChangeKinds.Added, RowChangeKinds.Removed, RowChangeKinds.Changed];

    public static async Task<IReadOnlyList<RowChange>> ReadAsync(
        DuckSession session,
        TableSource @base,
        TableSource head,
        TableColumn key,
        ComparedColumns columns,
        TableCompareRequest request,
        TableEngineOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request.Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Length, RowsRequest.MaxLength);
        if (request.Kind is not null && !Kinds.Contains(request.Kind))
        {
            throw new ArgumentException($"Kind must be one of {string.Join(", ", Kinds)}.", nameof(request));
        }

        var where = request.Kind is null ? "" : "WHERE kind = ?";
        object?[] parameters = request.Kind is null
            ? [(long)request.Length, request.Offset]
            : [request.Kind, (long)request.Length, request.Offset];
        var entries = await session.QueryAsync(
            $"SELECT base_row, head_row, kind FROM {DiffTable.Name} {where} ORDER BY ord LIMIT ? OFFSET ?",
            r => (Base: Nullable(r, 0), Head: Nullable(r, 1), Kind: r.GetString(2)),
            cancellationToken,
            parameters);
        var baseRows = await RowsAtAsync(session, @base, entries.Select(e => e.Base), options, cancellationToken);
        var headRows = await RowsAtAsync(session, head, entries.Select(e => e.Head), options, cancellationToken);
        return [.. entries.Select(e =>
        {
            var before = e.Base is { } b ? baseRows[b] : null;
            var after = e.Head is { } h ? headRows[h] : null;
            var keyValue = (after ?? before)![key.Name]?.DeepClone();
            return e.Kind switch
            {
                RowChangeKinds.Added => new RowChange(e.Kind, keyValue, null, e.Head, [], after),
                RowChangeKinds.Removed => new RowChange(e.Kind, keyValue, e.Base, null, [], before),
                _ => new RowChange(e.Kind, keyValue, e.Base, e.Head, Cells(columns, before!, after!), null),
            };
        })];
    }

    private static long? Nullable(System.Data.IDataRecord record, int i) => record.IsDBNull(i) ? null : record.GetInt64(i);

    private static List<CellChange> Cells(ComparedColumns columns, JsonObject before, JsonObject after) =>
        [.. columns.Common
            .Where(c => !JsonNode.DeepEquals(before[c.Name], after[c.Name]))
            .Select(c => new CellChange(c.Name, before[c.Name]?.DeepClone(), after[c.Name]?.DeepClone()))];

    private static async Task<Dictionary<long, JsonObject>> RowsAtAsync(
        DuckSession session, TableSource table, IEnumerable<long?> rows, TableEngineOptions options, CancellationToken cancellationToken)
    {
        var wanted = rows.OfType<long>().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        // Row numbers come from the engine's own diff table (longs), never from a client.
        var row = Sql.Identifier(Sql.RowColumn);
        var projection = new RowProjection(table.Columns, options);
        return (await session.QueryAsync(
            $"SELECT {projection.SelectList} FROM {table.Relation} WHERE {row} IN ({string.Join(", ", wanted)})",
            projection.Read,
            cancellationToken)).ToDictionary(r => r.RowIndex, r => r.Values);
    }
}
