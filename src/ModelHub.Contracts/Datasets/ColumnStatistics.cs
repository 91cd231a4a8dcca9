using System.Text.Json.Nodes;

namespace ModelHub.Contracts.Datasets;

/// <summary>
/// Statistics of one column. <see cref="DistinctCount"/> is exact for categorical columns (those with
/// <see cref="Values"/>) and otherwise a HyperLogLog estimate (DuckDB's <c>approx_count_distinct</c>, off by up to ~25%
/// here, capped at the non-null count): exact counts of every column would not fit the engine's memory limit. The
/// optional parts are present by kind: value counts for categorical columns, numbers for integer/float columns, lengths
/// for text, range for date-time, paths for text columns whose values name files of the version.
/// </summary>
public sealed record ColumnStatistics(
    string Name,
    string Kind,
    long NullCount,
    long DistinctCount,
    IReadOnlyList<ValueCount>? Values,
    NumberStatistics? Numbers,
    TextLengths? Lengths,
    ValueRange? Range,
    PathStatistics? Paths);

/// <summary>How often one value occurs in a categorical column.</summary>
public sealed record ValueCount(JsonNode? Value, long Count);

/// <summary>Minimum, maximum, mean, sample standard deviation (null under two values) and an equi-width histogram.</summary>
public sealed record NumberStatistics(double Min, double Max, double Mean, double? StdDev, IReadOnlyList<HistogramBin> Histogram);

/// <summary>One bin of a histogram: values in [<see cref="Start"/>, <see cref="End"/>), the last bin closed.</summary>
public sealed record HistogramBin(double Start, double End, long Count);

/// <summary>Lengths in characters of the non-null values of a text column.</summary>
public sealed record TextLengths(long Min, double Mean, long Max);

/// <summary>Smallest and largest value of a date-time column, as ISO 8601 strings.</summary>
public sealed record ValueRange(JsonNode? Min, JsonNode? Max);

/// <summary>A column whose values are paths of files in the version: how many non-null values resolve to one, and what
/// the files are (<see cref="MediaKinds"/>), so a viewer can show thumbnails or players.</summary>
public sealed record PathStatistics(long Resolved, long Unresolved, string MediaKind);
