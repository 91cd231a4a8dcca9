using System.Data;
using System.Globalization;
using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Statistics;

/// <summary>
/// Per-column statistics in three scans at most, whatever the column count: one for counts, extremes, means and
/// lengths; one for every histogram and value count (DuckDB's <c>histogram</c> aggregate); one for path resolution,
/// only when some text column looks like paths of the version's files.
/// </summary>
internal static class StatisticsCalculator
{
    public static async Task<(long RowCount, List<ColumnStatistics> Statistics)> ComputeAsync(
        DuckSession session,
        TableSource table,
        IEnumerable<string>? versionFiles,
        TableEngineOptions options,
        CancellationToken cancellationToken)
    {
        var expressions = new List<string> { "count(*)" };
        foreach (var column in table.Columns)
        {
            expressions.AddRange(ColumnAggregates.Expressions(column, Sql.Identifier(column.Name)));
        }

        var (rowCount, aggregates) = await session.SingleAsync(
            $"SELECT {string.Join(", ", expressions)} FROM {table.Reader}",
            record => (record.GetInt64(0), table.Columns.Select((c, i) => Read(c, record, 1 + (i * ColumnAggregates.Width))).ToList()),
            cancellationToken);
        var distributions = await Distributions.ComputeAsync(session, table, aggregates, options, cancellationToken);
        var paths = versionFiles is null ? [] : await PathResolver.ComputeAsync(session, table, versionFiles, cancellationToken);
        var statistics = aggregates.Select(a =>
        {
            distributions.Values.TryGetValue(a.Column.Name, out var values);
            distributions.Histograms.TryGetValue(a.Column.Name, out var histogram);
            paths.TryGetValue(a.Column.Name, out var path);
            return new ColumnStatistics(
                a.Column.Name,
                a.Column.Kind,
                rowCount - a.NonNull,
                values?.Distinct ?? Math.Min(a.ApproxDistinct, a.NonNull),
                values?.Top,
                a.IsNumber && a.Min is { } min && a.Max is { } max
                    ? new NumberStatistics(min, max, a.Mean ?? min, a.StdDev, histogram ?? [])
                    : null,
                a.IsText && a.MinLength is { } shortest ? new TextLengths(shortest, a.MeanLength ?? 0, a.MaxLength ?? shortest) : null,
                a.MinValue is not null ? new ValueRange(JsonValues.From(a.MinValue), JsonValues.From(a.MaxValue)) : null,
                path);
        }).ToList();
        return (rowCount, statistics);
    }

    private static ColumnAggregates Read(TableColumn column, IDataRecord record, int at)
    {
        double? Number(int i) => record.IsDBNull(at + i) ? null : Convert.ToDouble(record.GetValue(at + i), CultureInfo.InvariantCulture);
        long? Whole(int i) => record.IsDBNull(at + i) ? null : Convert.ToInt64(record.GetValue(at + i), CultureInfo.InvariantCulture);
        object? Value(int i) => record.IsDBNull(at + i) ? null : record.GetValue(at + i);
        var number = column.Kind is ColumnKinds.Integer or ColumnKinds.Float;
        var text = column.Kind == ColumnKinds.Text;
        return new ColumnAggregates(
            column,
            Whole(0) ?? 0,
            Whole(1) ?? 0,
            number ? Number(2) : null,
            number ? Number(3) : null,
            number ? Number(4) : null,
            number ? Number(5) : null,
            text ? Whole(2) : null,
            text ? Number(3) : null,
            text ? Whole(4) : null,
            Value(5),
            Value(6));
    }
}
