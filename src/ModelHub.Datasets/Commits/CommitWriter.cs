using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Commits;

/// <summary>
/// Writes the committed table: parent rows in their order minus the deleted keys, edited cells replaced, then the new
/// keys in the edits' order; numbered afresh and materialised like an indexed table.
/// </summary>
internal static class CommitWriter
{
    /// <summary>
    /// One table's commit: the <paramref name="Parent"/> table keyed by <paramref name="Key"/>, the columns the loaded
    /// edits set (null without upserts), whether keys were loaded for deletion, and the Parquet file to write.
    /// </summary>
    public sealed record Change(TableSource Parent, TableColumn Key, IReadOnlyList<TableColumn>? Edited, bool Deletes, string Output);

    public static async Task<TableChangeSummary> WriteAsync(
        DuckSession session, Change change, int rowGroupSize, CancellationToken cancellationToken)
    {
        var (parent, key, edited, deletes, output) = change;
        var k = Sql.Identifier(key.Name);
        var row = Sql.Identifier(Sql.RowColumn);
        var e = EditsLoader.Table;
        var edits = edited is not null;
        var editedNames = edited?.Select(c => c.Name).ToHashSet() ?? [];
        var kept = parent.Columns.Select(c => c == key || !editedNames.Contains(c.Name)
            ? $"p.{Sql.Identifier(c.Name)}"
            : $"CASE WHEN e.{EditsLoader.KeyColumn} IS NULL THEN p.{Sql.Identifier(c.Name)} ELSE e.{Sql.Identifier(c.Name)} END "
                + $"AS {Sql.Identifier(c.Name)}");
        var added = parent.Columns.Select(c => c == key ? $"e.{EditsLoader.KeyColumn}"
            : editedNames.Contains(c.Name) ? $"e.{Sql.Identifier(c.Name)}" : $"CAST(NULL AS {c.Type})");
        var parentRows = $"""
            SELECT p.{row} AS __modelhub_ord, {string.Join(", ", kept)}
            FROM {parent.Relation} p
            {(edits ? $"LEFT JOIN {e} e ON p.{k} = e.{EditsLoader.KeyColumn}" : "")}
            {(deletes ? $"ANTI JOIN {KeyChecks.DeletesTable} d ON p.{k} = d.key" : "")}
            """;
        var newRows = edits
            ? $"UNION ALL SELECT (SELECT count(*) FROM {parent.Reader}) + e.{EditsLoader.RowColumn} AS __modelhub_ord, "
                + $"{string.Join(", ", added)} "
                + $"FROM {e} e ANTI JOIN {parent.Reader} p ON e.{EditsLoader.KeyColumn} = p.{k}"
            : "";
        // DuckDB does not promise order through a join (it reorders now and then with 2 threads): the sort restores the
        // parent's order, and row_number() OVER () numbers rows in that order. The sort is most of a commit's time.
        // See: https://duckdb.org/docs/stable/sql/dialect/order_preservation
        await session.ExecuteAsync(
            $"""
            COPY (
                SELECT CAST(row_number() OVER () - 1 AS BIGINT) AS {row}, * EXCLUDE (__modelhub_ord)
                FROM ({parentRows} {newRows} ORDER BY __modelhub_ord)
            ) TO {Sql.Literal(output)} ({Materializer.Options(rowGroupSize)})
            """,
            cancellationToken);
        return await SummarizeAsync(session, change, cancellationToken);
    }

    private static async Task<TableChangeSummary> SummarizeAsync(DuckSession session, Change change, CancellationToken cancellationToken)
    {
        var (parent, key, edited, deletes, output) = change;
        var k = Sql.Identifier(key.Name);
        var differs = edited is { Count: > 0 }
            ? string.Join(" OR ", edited.Select(c => $"e.{Sql.Identifier(c.Name)} IS DISTINCT FROM p.{Sql.Identifier(c.Name)}"))
            : "FALSE";
        var (added, changed) = edited is null ? (0L, 0L) : await session.SingleAsync(
            $"""
            SELECT count(*) FILTER (WHERE p.{k} IS NULL), count(*) FILTER (WHERE p.{k} IS NOT NULL AND ({differs}))
            FROM {EditsLoader.Table} e LEFT JOIN {parent.Reader} p ON e.{EditsLoader.KeyColumn} = p.{k}
            """,
            r => (r.GetInt64(0), r.GetInt64(1)),
            cancellationToken);
        var removed = deletes
            ? await session.SingleAsync($"SELECT count(*) FROM {KeyChecks.DeletesTable}", r => r.GetInt64(0), cancellationToken)
            : 0;
        var rows = await session.SingleAsync(
            $"SELECT count(*) FROM read_parquet({Sql.Literal(output)})", r => r.GetInt64(0), cancellationToken);
        return new TableChangeSummary(added, removed, changed, rows);
    }
}
