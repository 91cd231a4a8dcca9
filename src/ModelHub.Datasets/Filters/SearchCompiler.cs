using System.Text;
using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;

namespace ModelHub.Datasets.Filters;

/// <summary>Compiles a free-text search to a case-insensitive match over the text columns; the text is a parameter and
/// its LIKE wildcards (<c>%</c>, <c>_</c>) and the escape character are escaped, so it matches literally.</summary>
internal static class SearchCompiler
{
    public static SqlCondition Compile(string? search, IReadOnlyList<TableColumn> columns)
    {
        if (string.IsNullOrEmpty(search))
        {
            return SqlCondition.True;
        }

        var texts = columns.Where(c => c.Kind == ColumnKinds.Text).ToList();
        if (texts.Count == 0)
        {
            return new SqlCondition("FALSE", []);
        }

        var pattern = "%" + Escape(search) + "%";
        return new SqlCondition(
            "(" + string.Join(" OR ", texts.Select(c => $"CAST({Sql.Identifier(c.Name)} AS VARCHAR) ILIKE ? ESCAPE '\\'")) + ")",
            [.. texts.Select(_ => (object?)pattern)]);
    }

    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
