using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Statistics;

/// <summary>
/// Finds text columns whose values are paths of the version's files (a leading <c>./</c> or <c>/</c> ignored): a
/// column is a path column when some of its first 1,000 values resolve; then one scan counts the resolving values of
/// every path column and their most common extension.
/// </summary>
internal static class PathResolver
{
    private const string FilesTable = "version_files";

    public static async Task<Dictionary<string, PathStatistics>> ComputeAsync(
        DuckSession session, TableSource table, IEnumerable<string> versionFiles, CancellationToken cancellationToken)
    {
        var texts = table.Columns.Where(c => c.Kind == ColumnKinds.Text && c.Type == "VARCHAR").ToList();
        if (texts.Count == 0)
        {
            return [];
        }

        await session.LoadStringsAsync(FilesTable, versionFiles, cancellationToken);
        if (await session.SingleAsync($"SELECT count(*) FROM {FilesTable}", r => r.GetInt64(0), cancellationToken) == 0)
        {
            return [];
        }

        var sample = await session.SingleAsync(
            $"SELECT {string.Join(", ", texts.Select(c => $"count(*) FILTER (WHERE {Resolves(c)})"))} "
                + $"FROM (SELECT * FROM {table.Reader} LIMIT 1000)",
            r => texts.Where((_, i) => r.GetInt64(i) > 0).ToList(),
            cancellationToken);
        if (sample.Count == 0)
        {
            return [];
        }

        var expressions = sample.SelectMany(c => new[]
        {
            $"count(*) FILTER (WHERE {Resolves(c)})",
            $"count({Sql.Identifier(c.Name)})",
            $"mode(lower(regexp_extract({Sql.Identifier(c.Name)}, '\\.([A-Za-z0-9]+)$', 1))) FILTER (WHERE {Resolves(c)})",
        });
        return await session.SingleAsync(
            $"SELECT {string.Join(", ", expressions)} FROM {table.Reader}",
            r => sample.Select((c, i) => (c.Name, Stats: new PathStatistics(
                    r.GetInt64(3 * i),
                    r.GetInt64((3 * i) + 1) - r.GetInt64(3 * i),
                    MediaKindDetector.FromExtension(r.IsDBNull((3 * i) + 2) ? null : r.GetString((3 * i) + 2)))))
                .ToDictionary(p => p.Name, p => p.Stats),
            cancellationToken);
    }

    private static string Resolves(TableColumn column) =>
        $"regexp_replace({Sql.Identifier(column.Name)}, '^(\\./|/)+', '') IN (SELECT value FROM {FilesTable})";
}
