using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Filters;

namespace ModelHub.Datasets.Tests.Filters;

public sealed class FilterCompilerTests
{
    private static readonly TableColumn[] Columns =
    [
        new("id", "BIGINT", ColumnKinds.Integer),
        new("label", "VARCHAR", ColumnKinds.Text),
        new("score", "DOUBLE", ColumnKinds.Float),
        new("flag", "BOOLEAN", ColumnKinds.Boolean),
        new("day", "DATE", ColumnKinds.DateTime),
        new("tags", "VARCHAR[]", ColumnKinds.List),
        new("we\"ird", "VARCHAR", ColumnKinds.Text),
    ];

    [Fact]
    public void Literals_become_parameters_and_columns_quoted_identifiers()
    {
        var condition = FilterCompiler.Compile("label = 'x'' OR 1=1 --' AND score > 2.5 OR id IN (1, 2)", Columns);

        Assert.Equal("""((("label" = ?) AND ("score" > ?)) OR ("id" IN (?, ?)))""", condition.Sql);
        Assert.Equal(["x' OR 1=1 --", 2.5, 1L, 2L], condition.Parameters);
    }

    [Fact]
    public void A_quoted_identifier_with_quotes_stays_one_identifier()
    {
        var condition = FilterCompiler.Compile("\"we\"\"ird\" IS NULL", Columns);

        Assert.Equal("(\"we\"\"ird\" IS NULL)", condition.Sql);
    }

    [Fact]
    public void Equality_with_null_means_is_null()
    {
        Assert.Equal("(\"label\" IS NULL)", FilterCompiler.Compile("label = null", Columns).Sql);
        Assert.Equal("(\"label\" IS NOT NULL)", FilterCompiler.Compile("label != null", Columns).Sql);
        Assert.Throws<FilterException>(() => FilterCompiler.Compile("label > null", Columns));
    }

    [Fact]
    public void Text_columns_take_any_literal_as_text()
    {
        Assert.Equal(["42", "true"], FilterCompiler.Compile("label = 42 OR label = TRUE", Columns).Parameters);
    }

    [Fact]
    public void Contains_is_case_insensitive_and_parameterised()
    {
        var condition = FilterCompiler.Compile("tags CONTAINS 'A%'", Columns);

        Assert.Equal("(contains(lower(CAST(\"tags\" AS VARCHAR)), lower(?)))", condition.Sql);
        Assert.Equal(["A%"], condition.Parameters);
    }

    [Theory]
    [InlineData("score = TRUE", 8)]
    [InlineData("flag = 1", 7)]
    [InlineData("day > 20240101", 6)]
    [InlineData("tags = 'a'", 0)]
    [InlineData("id IN (1, NULL)", 10)]
    public void Literals_that_cannot_fit_their_column_are_refused_with_a_position(string filter, int position)
    {
        var error = Assert.Throws<FilterException>(() => FilterCompiler.Compile(filter, Columns));

        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void An_unknown_column_lists_the_columns()
    {
        var error = Assert.Throws<UnknownColumnException>(() => FilterCompiler.Compile("id = 1 AND colour = 'red'", Columns));

        Assert.Equal("colour", error.Column);
        Assert.Equal(11, error.Position);
        Assert.Equal(Columns.Select(c => c.Name), error.Columns);
        Assert.Contains("id, label, score", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_names_are_case_sensitive()
    {
        Assert.Throws<UnknownColumnException>(() => FilterCompiler.Compile("Label = 'x'", Columns));
    }

    [Fact]
    public void Search_escapes_like_wildcards()
    {
        var condition = SearchCompiler.Compile("50%_off\\", Columns);

        Assert.Equal(["%50\\%\\_off\\\\%", "%50\\%\\_off\\\\%"], condition.Parameters);
        Assert.Contains("\"we\"\"ird\"", condition.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("50", condition.Sql, StringComparison.Ordinal);
    }
}
