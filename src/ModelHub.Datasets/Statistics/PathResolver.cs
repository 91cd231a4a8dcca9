using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Statistics;

/// <summary>
/// Finds text columns whose values are paths of the version's files (a leading <c>./</c> or <c>/</c> ignored): a
/// column is a path column when some of its first 1,000 values resolve, and those values' most common extension gives its
/// media kind; then one scan counts the resolving values of every path column.
/// </summary>
internal static class PathResolver
{
    private const string FilesTable = "version_files";
    private const int SampleRows = 1000;

    public static async Task<Dictionary<string, PathStatistics>> ComputeAsync(
        DuckSession session, TableSource table, IEnumerable<string> versionFiles, CancellationToken cancellationToken)
    {
        var texts = table.Columns.Where(c => c.Kind == ColumnKinds.Text && c.Type == "VARCHAR").ToList();
        if (texts.Count == 0)
        {
            return [];
        }

        await session.LoadStringsAsync(FilesTable, versionFiles, cancellationToken);
        var sample = await session.SingleAsync(
            $"SELECT {string.Join(", ", texts.Select((c, i) => $"count(*) FILTER (WHERE {Flag(i)}), {Extension(c, i)}"))} "
                + $"FROM (SELECT *, {Resolutions(texts)} FROM (SELECT * FROM {table.Reader} LIMIT {SampleRows}))",
            r => texts
                .Select((c, i) => (Column: c, Hits: r.GetInt64(2 * i), Extension: Text(r, (2 * i) + 1)))
                .Where(c => c.Hits > 0)
                .ToList(),
            cancellationToken);
        if (sample.Count == 0)
        {
            return [];
        }

        var paths = sample.Select(s => s.Column).ToList();
        return await session.SingleAsync(
            $"SELECT {string.Join(", ", paths.Select((c, i) => $"count(*) FILTER (WHERE {Flag(i)}), count({Sql.Identifier(c.Name)})"))} "
                + $"FROM (SELECT *, {Resolutions(paths)} FROM {table.Reader})",
            r => sample.Select((s, i) => (s.Column.Name, Stats: new PathStatistics(
                    r.GetInt64(2 * i), r.GetInt64((2 * i) + 1) - r.GetInt64(2 * i), MediaKindDetector.FromExtension(s.Extension))))
                .ToDictionary(p => p.Name, p => p.Stats),
            cancellationToken);
    }

    // Each column's "resolves" flag is computed once per row; the regex runs only on values that need it.
    private static string Resolutions(IReadOnlyList<TableColumn> columns) => string.Join(", ", columns.Select((c, i) =>
    {
        var v = Sql.Identifier(c.Name);
        var path = $"CASE WHEN left({v}, 1) IN ('.', '/') THEN regexp_replace({v}, '^(\\./|/)+', '') ELSE {v} END";
        return $"({v} IS NOT NULL AND {path} IN (SELECT value FROM {FilesTable})) AS {Flag(i)}";
    }));

    private static string Flag(int i) => $"__modelhub_resolves_{i}";

    // The most common extension among the resolving values.
    private static string Extension(TableColumn column, int i) =>
        $"mode(lower(regexp_extract({Sql.Identifier(column.Name)}, '\\.([A-Za-z0-9]+)$', 1))) FILTER (WHERE {Flag(i)})";

    private static string? Text(System.Data.IDataRecord record, int i) => record.IsDBNull(i) ? null : record.GetString(i);
}
