using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using ModelHub.Contracts.Datasets;

namespace ModelHub.Datasets.Engine;

/// <summary>
/// How column values leave the engine as JSON. Nested values are turned to JSON text by DuckDB (<c>to_json</c>), binary
/// to base64 (see <see cref="RowProjection"/> for the size limits), odd types to text; the rest is converted here:
/// date-times to ISO 8601, NaN and infinities to strings (JSON has no such numbers), 128-bit integers to JSON numbers.
/// </summary>
internal static class JsonValues
{
    /// <summary>The select expression for a column, given its SQL expression.</summary>
    public static string Select(string expression, TableColumn column) => column.Kind switch
    {
        ColumnKinds.List or ColumnKinds.Struct or ColumnKinds.Map => $"CAST(to_json({expression}) AS VARCHAR)",
        ColumnKinds.Binary => $"base64({expression})",
        ColumnKinds.Other => $"CAST({expression} AS VARCHAR)",
        _ when column.Type is "INTERVAL" or "HUGEINT" or "UHUGEINT" => $"CAST({expression} AS VARCHAR)",
        _ => expression,
    };

    /// <summary>Reads a value selected with <see cref="Select"/>.</summary>
    public static JsonNode? Read(TableColumn column, object? value)
    {
        if (value is null or DBNull)
        {
            return null;
        }

        return column.Kind switch
        {
            ColumnKinds.List or ColumnKinds.Struct or ColumnKinds.Map => JsonNode.Parse((string)value),
            _ when column.Type is "HUGEINT" or "UHUGEINT" => JsonNode.Parse((string)value),
            _ => From(value),
        };
    }

    /// <summary>A plain .NET value (as DuckDB.NET returns scalars) as JSON.</summary>
    public static JsonNode? From(object? value) => value switch
    {
        null or DBNull => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        double d => Finite(d) ? JsonValue.Create(d) : JsonValue.Create(NonFinite(d)),
        float f => Finite(f) ? JsonValue.Create(f) : JsonValue.Create(NonFinite(f)),
        decimal m => JsonValue.Create(m),
        BigInteger big => JsonNode.Parse(big.ToString(CultureInfo.InvariantCulture)),
        DateTime t => JsonValue.Create(t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        DateTimeOffset t => JsonValue.Create(t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly t => JsonValue.Create(t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        TimeSpan t => JsonValue.Create(t.ToString("c", CultureInfo.InvariantCulture)),
        Guid g => JsonValue.Create(g.ToString()),
        sbyte or byte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong u => JsonValue.Create(u),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static bool Finite(double d) => double.IsFinite(d);

    private static string NonFinite(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
}
