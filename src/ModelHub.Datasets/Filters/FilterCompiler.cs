using System.Globalization;
using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets.Filters;

/// <summary>
/// Compiles a parsed filter to a parameterised SQL condition. Column names are checked against the schema and quoted;
/// every literal becomes a parameter, so no text of the filter ever reaches SQL as code. A literal must suit its
/// column's kind; a string literal against a number or date column is cast by DuckDB, and one that does not cast is
/// reported when the query runs.
/// </summary>
internal sealed class FilterCompiler
{
    private readonly Dictionary<string, TableColumn> _columns;
    private readonly IReadOnlyList<string> _names;
    private readonly List<object?> _parameters = [];

    private FilterCompiler(IReadOnlyList<TableColumn> columns)
    {
        _columns = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        _names = [.. columns.Select(c => c.Name)];
    }

    public static SqlCondition Compile(string? filter, IReadOnlyList<TableColumn> columns)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return SqlCondition.True;
        }

        var compiler = new FilterCompiler(columns);
        var sql = compiler.Node(FilterParser.Parse(filter));
        return new SqlCondition(sql, compiler._parameters);
    }

    private string Node(FilterNode node) => node switch
    {
        AndNode and => $"({Node(and.Left)} AND {Node(and.Right)})",
        OrNode or => $"({Node(or.Left)} OR {Node(or.Right)})",
        NotNode not => $"(NOT {Node(not.Inner)})",
        NullNode isNull => $"({Column(isNull.Column).Sql} IS {(isNull.Negated ? "NOT " : "")}NULL)",
        ComparisonNode comparison => Comparison(comparison),
        InNode @in => In(@in),
        ContainsNode contains => Contains(contains),
        _ => throw new InvalidOperationException($"Unknown filter node {node.GetType().Name}."),
    };

    private string Comparison(ComparisonNode node)
    {
        var (column, sql) = Column(node.Column);
        if (node.Value.Kind == LiteralKind.Null)
        {
            // "label = NULL" means what the person meant, not SQL's always-unknown.
            return node.Operator switch
            {
                "=" => $"({sql} IS NULL)",
                "!=" => $"({sql} IS NOT NULL)",
                _ => throw new FilterException($"NULL cannot be compared with '{node.Operator}'; use IS NULL", node.Value.Position),
            };
        }

        return $"({Comparable(column, sql, node.Column)} {(node.Operator == "!=" ? "<>" : node.Operator)} {Parameter(column, node.Value)})";
    }

    private string In(InNode node)
    {
        var (column, sql) = Column(node.Column);
        var values = node.Values.Select(v => v.Kind == LiteralKind.Null
            ? throw new FilterException("NULL cannot be listed in IN; use IS NULL", v.Position)
            : Parameter(column, v));
        return $"({Comparable(column, sql, node.Column)} {(node.Negated ? "NOT " : "")}IN ({string.Join(", ", values)}))";
    }

    private string Contains(ContainsNode node)
    {
        var (_, sql) = Column(node.Column);
        _parameters.Add(node.Text.Text);
        return $"({(node.Negated ? "NOT " : "")}contains(lower(CAST({sql} AS VARCHAR)), lower(?)))";
    }

    private (TableColumn Column, string Sql) Column(ColumnName name) =>
        _columns.TryGetValue(name.Name, out var column)
            ? (column, Sql.Identifier(column.Name))
            : throw new UnknownColumnException(name.Name, _names, name.Position);

    // Lists, structs, maps and binary have no order a person would type; "other" types compare as their text.
    private static string Comparable(TableColumn column, string sql, ColumnName name) => column.Kind switch
    {
        ColumnKinds.List or ColumnKinds.Struct or ColumnKinds.Map or ColumnKinds.Binary => throw new FilterException(
            $"Column '{column.Name}' holds {column.Kind} values, which can only be tested with IS NULL or CONTAINS", name.Position),
        ColumnKinds.Other => $"CAST({sql} AS VARCHAR)",
        _ => sql,
    };

    private string Parameter(TableColumn column, Literal literal)
    {
        _parameters.Add((column.Kind, literal.Kind) switch
        {
            (ColumnKinds.Text or ColumnKinds.Other, LiteralKind.Boolean) => literal.Text.ToLowerInvariant(),
            (ColumnKinds.Text or ColumnKinds.Other, _) => literal.Text,
            (ColumnKinds.Integer or ColumnKinds.Float, LiteralKind.Number) => Number(literal),
            (ColumnKinds.Boolean, LiteralKind.Boolean) => literal.Text == "TRUE",
            (_, LiteralKind.String) => literal.Text,
            _ => throw new FilterException(
                $"Column '{column.Name}' is {column.Kind} ({column.Type}) and cannot be compared with {Describe(literal)}",
                literal.Position),
        });
        return "?";
    }

    private static object Number(Literal literal)
    {
        if (long.TryParse(literal.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        return double.TryParse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real)
            ? real
            : throw new FilterException($"Invalid number '{literal.Text}'", literal.Position);
    }

    private static string Describe(Literal literal) => literal.Kind switch
    {
        LiteralKind.Number => $"the number {literal.Text}",
        LiteralKind.Boolean => literal.Text,
        _ => $"'{literal.Text}'",
    };
}
