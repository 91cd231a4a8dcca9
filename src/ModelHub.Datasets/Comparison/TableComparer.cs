using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Commits;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Comparison;

/// <summary>
/// Compares two versions of a table. Keyed: each side is reduced to (row number, key, hash of the shared columns) and
/// the two are joined on the key into a small <c>diff</c> table of added, removed and changed rows; only the page asked
/// for reads whole rows. Unkeyed: rows are counted by whole-row hash on each side and the counts subtracted.
/// </summary>
internal static class TableComparer
{
    public static async Task<TableComparison> CompareAsync(
        DuckSession session,
        TableSource @base,
        TableSource head,
        TableCompareRequest request,
        TableEngineOptions options,
        CancellationToken cancellationToken)
    {
        var columns = ComparedColumns.Of(@base, head);
        var baseRows = await CountAsync(session, @base, cancellationToken);
        var headRows = await CountAsync(session, head, cancellationToken);
        var labels = await LabelShiftAsync(session, @base, head, columns, request.LabelColumn, cancellationToken);
        if (request.KeyColumn is null)
        {
            var (onlyBase, onlyHead) = await UnkeyedAsync(session, @base, head, columns, cancellationToken);
            return new TableComparison(
                null, baseRows, headRows, onlyHead, onlyBase, 0, columns.Added, columns.Removed, request.Offset, [], labels);
        }

        var key = @base.Column(request.KeyColumn);
        head.Column(request.KeyColumn);
        await KeyChecks.RequireUniqueAsync(session, @base, key, cancellationToken);
        await KeyChecks.RequireUniqueAsync(session, head, key, cancellationToken);
        await DiffTable.CreateAsync(session, @base, head, key, columns, cancellationToken);
        var counts = await DiffTable.CountsAsync(session, cancellationToken);
        var page = await DiffPage.ReadAsync(session, @base, head, key, columns, request, options, cancellationToken);
        return new TableComparison(
            key.Name,
            baseRows,
            headRows,
            counts.GetValueOrDefault(RowChangeKinds.Added),
            counts.GetValueOrDefault(RowChangeKinds.Removed),
            counts.GetValueOrDefault(RowChangeKinds.Changed),
            columns.Added,
            columns.Removed,
            request.Offset,
            page,
            labels);
    }

    private static Task<long> CountAsync(DuckSession session, TableSource table, CancellationToken cancellationToken) =>
        session.SingleAsync($"SELECT count(*) FROM {table.Reader}", r => r.GetInt64(0), cancellationToken);

    private static Task<(long OnlyBase, long OnlyHead)> UnkeyedAsync(
        DuckSession session, TableSource @base, TableSource head, ComparedColumns columns, CancellationToken cancellationToken) =>
        session.SingleAsync(
            $"""
            WITH b AS (SELECT {columns.RowHash()} AS h, count(*) AS n FROM {@base.Reader} GROUP BY h),
                 t AS (SELECT {columns.RowHash()} AS h, count(*) AS n FROM {head.Reader} GROUP BY h)
            SELECT CAST(coalesce(sum(greatest(coalesce(b.n, 0) - coalesce(t.n, 0), 0)), 0) AS BIGINT),
                   CAST(coalesce(sum(greatest(coalesce(t.n, 0) - coalesce(b.n, 0), 0)), 0) AS BIGINT)
            FROM b FULL OUTER JOIN t ON b.h = t.h
            """,
            r => (r.GetInt64(0), r.GetInt64(1)),
            cancellationToken);

    private static async Task<LabelShift?> LabelShiftAsync(
        DuckSession session,
        TableSource @base,
        TableSource head,
        ComparedColumns columns,
        string? named,
        CancellationToken cancellationToken)
    {
        if (named is not null && columns.Common.All(c => c.Name != named))
        {
            throw new UnknownColumnException(named, [.. columns.Common.Select(c => c.Name)]);
        }

        var label = named ?? columns.DetectLabel();
        if (label is null)
        {
            return null;
        }

        var l = columns.Retyped.Contains(label) ? $"CAST({Sql.Identifier(label)} AS VARCHAR)" : Sql.Identifier(label);
        var values = await session.QueryAsync(
            $"""
            SELECT v, CAST(sum(b) AS BIGINT), CAST(sum(h) AS BIGINT)
            FROM (SELECT {l} AS v, 1 AS b, 0 AS h FROM {@base.Reader} UNION ALL SELECT {l}, 0, 1 FROM {head.Reader})
            GROUP BY v ORDER BY sum(b) + sum(h) DESC, v LIMIT 100
            """,
            r => new LabelCount(JsonValues.From(r.GetValue(0)), r.GetInt64(1), r.GetInt64(2)),
            cancellationToken);
        return new LabelShift(label, values);
    }
}
