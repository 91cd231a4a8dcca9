using ModelHub.Contracts.Datasets;

namespace ModelHub.Datasets.Tables;

/// <summary>Maps a DuckDB type name (as <c>DESCRIBE</c> prints it) to a <see cref="ColumnKinds"/> value.</summary>
internal static class ColumnKindMapper
{
    private static readonly HashSet<string> Integers = new(StringComparer.OrdinalIgnoreCase)
    {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
    };

    public static string Kind(string type)
    {
        if (type.EndsWith(']'))
        {
            return ColumnKinds.List;
        }

        if (type.StartsWith("STRUCT(", StringComparison.OrdinalIgnoreCase))
        {
            return ColumnKinds.Struct;
        }

        if (type.StartsWith("MAP(", StringComparison.OrdinalIgnoreCase))
        {
            return ColumnKinds.Map;
        }

        if (Integers.Contains(type))
        {
            return ColumnKinds.Integer;
        }

        if (type is "FLOAT" or "DOUBLE" || type.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase))
        {
            return ColumnKinds.Float;
        }

        if (type.StartsWith("DATE", StringComparison.OrdinalIgnoreCase) || type.StartsWith("TIME", StringComparison.OrdinalIgnoreCase))
        {
            return ColumnKinds.DateTime;
        }

        return type switch
        {
            "BOOLEAN" => ColumnKinds.Boolean,
            "VARCHAR" or "UUID" or "JSON" => ColumnKinds.Text,
            "BLOB" => ColumnKinds.Binary,
            _ when type.StartsWith("ENUM(", StringComparison.OrdinalIgnoreCase) => ColumnKinds.Text,
            _ => ColumnKinds.Other,
        };
    }
}
