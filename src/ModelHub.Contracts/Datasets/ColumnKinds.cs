namespace ModelHub.Contracts.Datasets;

/// <summary>The logical kind of a table column, derived from its DuckDB type; what a viewer switches on.</summary>
public static class ColumnKinds
{
    public const string Integer = "integer";
    public const string Float = "float";
    public const string Boolean = "boolean";
    public const string Text = "text";
    public const string DateTime = "date-time";
    public const string Binary = "binary";
    public const string List = "list";
    public const string Struct = "struct";
    public const string Map = "map";
    public const string Other = "other";
}
