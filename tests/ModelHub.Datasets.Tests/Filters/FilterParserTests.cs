using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Filters;

namespace ModelHub.Datasets.Tests.Filters;

public sealed class FilterParserTests
{
    [Fact]
    public void Precedence_is_not_then_and_then_or()
    {
        var node = FilterParser.Parse("a = 1 OR NOT b = 2 AND c = 3");

        var or = Assert.IsType<OrNode>(node);
        Assert.IsType<ComparisonNode>(or.Left);
        var and = Assert.IsType<AndNode>(or.Right);
        Assert.IsType<NotNode>(and.Left);
    }

    [Fact]
    public void Parentheses_group()
    {
        var and = Assert.IsType<AndNode>(FilterParser.Parse("(a = 1 or b = 2) and c = 3"));

        Assert.IsType<OrNode>(and.Left);
    }

    [Theory]
    [InlineData("label = 'cat'", "label", "=", "String", "cat")]
    [InlineData("\"my \"\"odd\"\" column\" != 'it''s'", "my \"odd\" column", "!=", "String", "it's")]
    [InlineData("score >= -1.5e3", "score", ">=", "Number", "-1.5e3")]
    [InlineData("score <> 2", "score", "!=", "Number", "2")]
    [InlineData("flag = true", "flag", "=", "Boolean", "TRUE")]
    [InlineData("x < NULL", "x", "<", "Null", "NULL")]
    [InlineData("étiquette > 'é'", "étiquette", ">", "String", "é")]
    public void Comparisons_parse(string filter, string column, string op, string kind, string text)
    {
        var node = Assert.IsType<ComparisonNode>(FilterParser.Parse(filter));

        Assert.Equal((column, op, kind, text), (node.Column.Name, node.Operator, node.Value.Kind.ToString(), node.Value.Text));
    }

    [Fact]
    public void In_is_null_and_contains_parse_with_their_negations()
    {
        var and = Assert.IsType<AndNode>(FilterParser.Parse("label NOT IN ('a', 'b') AND x IS NOT NULL"));
        var @in = Assert.IsType<InNode>(and.Left);
        Assert.True(@in.Negated);
        Assert.Equal(["a", "b"], @in.Values.Select(v => v.Text));
        Assert.True(Assert.IsType<NullNode>(and.Right).Negated);

        var contains = Assert.IsType<ContainsNode>(FilterParser.Parse("text not contains 'hi'"));
        Assert.True(contains.Negated);
        Assert.False(Assert.IsType<NullNode>(FilterParser.Parse("x is null")).Negated);
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("label = ", 8, "Expected a value")]
    [InlineData("label = 'cat", 8, "Unterminated string")]
    [InlineData("\"label = 1", 0, "Unterminated quoted column name")]
    [InlineData("label == 'a'", 7, "Expected a value")]
    [InlineData("label = 'a' AND", 15, "Expected a column name")]
    [InlineData("label = 'a' label = 'b'", 12, "Expected AND, OR")]
    [InlineData("(label = 'a'", 12, "Expected ')'")]
    [InlineData("label IN ('a' 'b')", 14, "Expected ',' or ')'")]
    [InlineData("label IN 'a'", 9, "Expected '('")]
    [InlineData("label CONTAINS 3", 15, "CONTAINS takes a string")]
    [InlineData("label IS 'x'", 9, "Expected NULL")]
    [InlineData("label LIKE 'x'", 6, "Expected a comparison")]
    [InlineData("label = 'a'; DROP TABLE t", 11, "Unexpected character ';'")]
    [InlineData("label = 'a' -- comment", 12, "Unexpected character '-'")]
    [InlineData("score > 12abc", 8, "Invalid number")]
    [InlineData("a ! b", 2, "did you mean '!='")]
    [InlineData("'cat' = label", 0, "Expected a column name")]
    public void Invalid_filters_report_the_position(string filter, int position, string message)
    {
        var error = Assert.Throws<FilterException>(() => FilterParser.Parse(filter));

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_filter", error.Code);
    }

    [Fact]
    public void Deep_nesting_and_long_filters_are_refused_not_overflowed()
    {
        Assert.Throws<FilterException>(() => FilterParser.Parse(new string('(', 10_000) + "a = 1" + new string(')', 10_000)));
        Assert.Throws<FilterException>(() => FilterParser.Parse(new string('(', 100) + "a = 1" + new string(')', 100)));
    }
}
