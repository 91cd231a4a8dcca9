namespace ModelHub.Datasets.Engine;

/// <summary>Quoting for the only text the engine splices into SQL: identifiers checked against a schema, and paths the
/// engine itself chose. Values from clients always travel as parameters.</summary>
internal static class Sql
{
    /// <summary>The hidden row-number column of materialised tables.</summary>
    public const string RowColumn = "__modelhub_row";

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
