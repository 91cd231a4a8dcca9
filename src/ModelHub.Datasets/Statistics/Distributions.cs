using System.Collections;
using System.Globalization;
using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Statistics;

/// <summary>Value counts of categorical columns and equi-width histograms of number columns, in one scan.</summary>
internal static class Distributions
{
    public sealed record Counts(long Distinct, IReadOnlyList<ValueCount> Top);

    public sealed record Result(Dictionary<string, Counts> Values, Dictionary<string, IReadOnlyList<HistogramBin>> Histograms);

    public static async Task<Result> ComputeAsync(
        DuckSession session,
        TableSource table,
        IReadOnlyList<ColumnAggregates> aggregates,
        TableEngineOptions options,
        CancellationToken cancellationToken)
    {
        var result = new Result([], []);
        var expressions = new List<string>();
        var parameters = new List<object?>();
        var readers = new List<Action<object?>>();
        foreach (var a in aggregates)
        {
            var c = Sql.Identifier(a.Column.Name);
            if (IsCategoricalCandidate(a, options))
            {
                expressions.Add($"histogram({c})");
                readers.Add(map => AddValueCounts(result, a, (IDictionary?)map, options));
            }

            if (a is { IsNumber: true, Min: { } min, Max: { } max })
            {
                // Integers spanning fewer values than bins get one bin per value rather than fractional bins.
                var perValue = a.Column.Kind == ColumnKinds.Integer && max - min + 1 <= options.HistogramBins;
                var bins = perValue ? (int)(max - min) + 1 : min < max ? options.HistogramBins : 1;
                var width = perValue || min == max ? 1 : (max - min) / bins;
                var d = $"CAST({c} AS DOUBLE)";
                expressions.Add(
                    $"histogram(CAST(least(greatest(floor(({d} - ?) / ?), 0), {bins - 1}) AS INTEGER)) FILTER (WHERE isfinite({d}))");
                parameters.AddRange([min, width]);
                readers.Add(map => result.Histograms[a.Column.Name] = Bins((IDictionary?)map, min, max, bins, width));
            }
        }

        if (expressions.Count == 0)
        {
            return result;
        }

        var maps = await session.SingleAsync(
            $"SELECT {string.Join(", ", expressions)} FROM {table.Reader}",
            record => Enumerable.Range(0, expressions.Count).Select(i => record.IsDBNull(i) ? null : record.GetValue(i)).ToList(),
            cancellationToken,
            [.. parameters]);
        for (var i = 0; i < readers.Count; i++)
        {
            readers[i](maps[i]);
        }

        return result;
    }

    // HyperLogLog is within a few percent: a margin keeps columns near the limit, whose exact count then decides.
    private static bool IsCategoricalCandidate(ColumnAggregates a, TableEngineOptions options) =>
        a.Column.Kind == ColumnKinds.Boolean
        || (a.Column.Kind is ColumnKinds.Text or ColumnKinds.Integer && a.ApproxDistinct <= (options.CategoricalMaxDistinct * 1.1) + 2);

    private static void AddValueCounts(Result result, ColumnAggregates a, IDictionary? map, TableEngineOptions options)
    {
        var counts = Entries(map).Select(e => (e.Key, Count: Convert.ToInt64(e.Value, CultureInfo.InvariantCulture))).ToList();
        if (counts.Count > options.CategoricalMaxDistinct && a.Column.Kind != ColumnKinds.Boolean)
        {
            return;
        }

        var top = counts
            .OrderByDescending(e => e.Count)
            .ThenBy(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .Take(options.TopValues)
            .Select(e => new ValueCount(JsonValues.From(e.Key), e.Count))
            .ToList();
        result.Values[a.Column.Name] = new Counts(counts.Count, top);
    }

    // DuckDB.NET returns MAP values as generic dictionaries whose non-generic enumerator does not yield DictionaryEntry.
    private static IEnumerable<(object Key, object? Value)> Entries(IDictionary? map) =>
        map is null ? [] : map.Keys.Cast<object>().Select(key => (key, map[key]));

    private static List<HistogramBin> Bins(IDictionary? map, double min, double max, int bins, double width)
    {
        var counts = new long[bins];
        foreach (var entry in Entries(map))
        {
            counts[Convert.ToInt32(entry.Key, CultureInfo.InvariantCulture)] = Convert.ToInt64(entry.Value, CultureInfo.InvariantCulture);
        }

        return [.. counts.Select((count, i) => new HistogramBin(min + (i * width), i == bins - 1 ? max : min + ((i + 1) * width), count))];
    }
}
