using ModelHub.Contracts.Datasets;

namespace ModelHub.Datasets.Statistics;

/// <summary>The first-pass aggregates of one column, read back from a single scan of the table.</summary>
internal sealed record ColumnAggregates(
    TableColumn Column,
    long NonNull,
    long ApproxDistinct,
    double? Min,
    double? Max,
    double? Mean,
    double? StdDev,
    long? MinLength,
    double? MeanLength,
    long? MaxLength,
    object? MinValue,
    object? MaxValue)
{
    public bool IsNumber => Column.Kind is ColumnKinds.Integer or ColumnKinds.Float;

    public bool IsText => Column.Kind == ColumnKinds.Text;

    /// <summary>The aggregates of the first pass for a column, as select expressions (7 per column).</summary>
    public static IEnumerable<string> Expressions(TableColumn column, string c)
    {
        var nested = column.Kind is ColumnKinds.List or ColumnKinds.Struct or ColumnKinds.Map;
        yield return $"count({c})";
        yield return nested ? $"approx_count_distinct(CASE WHEN {c} IS NOT NULL THEN hash({c}) END)" : $"approx_count_distinct({c})";
        if (column.Kind is ColumnKinds.Integer or ColumnKinds.Float)
        {
            var d = $"CAST({c} AS DOUBLE)";
            var finite = $"FILTER (WHERE isfinite({d}))";
            yield return $"min({d}) {finite}";
            yield return $"max({d}) {finite}";
            yield return $"avg({d}) {finite}";
            yield return $"stddev_samp({d}) {finite}";
            yield return "NULL";
        }
        else if (column.Kind == ColumnKinds.Text)
        {
            yield return $"min(length({c}))";
            yield return $"avg(length({c}))";
            yield return $"max(length({c}))";
            yield return "NULL";
            yield return "NULL";
        }
        else if (column.Kind == ColumnKinds.DateTime && column.Type != "INTERVAL")
        {
            yield return "NULL";
            yield return "NULL";
            yield return "NULL";
            yield return $"min({c})";
            yield return $"max({c})";
        }
        else
        {
            for (var i = 0; i < 5; i++)
            {
                yield return "NULL";
            }
        }
    }

    public const int Width = 7;
}
