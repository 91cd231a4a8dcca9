using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Comparison;

/// <summary>
/// The <c>diff</c> table of a keyed comparison: one line per added, removed or changed row with its row numbers and an
/// order (base order, then added rows in head order). Joining (row, key, row hash) rather than whole rows keeps the
/// join small enough for the engine's memory limit on million-row tables.
/// </summary>
internal static class DiffTable
{
    public const string Name = "diff";

    public static async Task CreateAsync(
        DuckSession session,
        TableSource @base,
        TableSource head,
        TableColumn key,
        ComparedColumns columns,
        CancellationToken cancellationToken)
    {
        var row = Sql.Identifier(Sql.RowColumn);
        var k = columns.Retyped.Contains(key.Name) ? $"CAST({Sql.Identifier(key.Name)} AS VARCHAR)" : Sql.Identifier(key.Name);
        var baseCount = await session.SingleAsync($"SELECT count(*) FROM {@base.Reader}", r => r.GetInt64(0), cancellationToken);
        await session.ExecuteAsync(
            $"""
            CREATE TABLE {Name} AS
            SELECT b.r AS base_row, h.r AS head_row,
                   CASE WHEN b.r IS NULL THEN '{RowChangeKinds.Added}' WHEN h.r IS NULL THEN '{RowChangeKinds.Removed}'
                        ELSE '{RowChangeKinds.Changed}' END AS kind,
                   coalesce(b.r, {baseCount} + h.r) AS ord
            FROM (SELECT {row} AS r, {k} AS k, {columns.RowHash()} AS x FROM {@base.Relation}) b
            FULL OUTER JOIN (SELECT {row} AS r, {k} AS k, {columns.RowHash()} AS x FROM {head.Relation}) h ON b.k = h.k
            WHERE b.r IS NULL OR h.r IS NULL OR b.x <> h.x
            """,
            cancellationToken);
    }

    public static async Task<Dictionary<string, long>> CountsAsync(DuckSession session, CancellationToken cancellationToken) =>
        (await session.QueryAsync(
            $"SELECT kind, count(*) FROM {Name} GROUP BY kind", r => (Kind: r.GetString(0), Count: r.GetInt64(1)), cancellationToken))
            .ToDictionary(c => c.Kind, c => c.Count);
}
