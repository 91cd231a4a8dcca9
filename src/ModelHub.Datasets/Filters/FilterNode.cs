namespace ModelHub.Datasets.Filters;

/// <summary>A node of a parsed filter.</summary>
internal abstract record FilterNode;

internal sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode;

internal sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode;

internal sealed record NotNode(FilterNode Inner) : FilterNode;

/// <summary><c>column op literal</c> with op one of <c>= != &lt; &lt;= &gt; &gt;=</c>.</summary>
internal sealed record ComparisonNode(ColumnName Column, string Operator, Literal Value) : FilterNode;

internal sealed record InNode(ColumnName Column, IReadOnlyList<Literal> Values, bool Negated) : FilterNode;

internal sealed record NullNode(ColumnName Column, bool Negated) : FilterNode;

internal sealed record ContainsNode(ColumnName Column, Literal Text, bool Negated) : FilterNode;

/// <summary>A column as written, with its position for error messages.</summary>
internal sealed record ColumnName(string Name, int Position);

/// <summary>The kinds of <see cref="Literal"/>.</summary>
internal enum LiteralKind
{
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A literal as written: its kind, its text (a string's value, a number's digits) and its position.</summary>
internal sealed record Literal(LiteralKind Kind, string Text, int Position);
