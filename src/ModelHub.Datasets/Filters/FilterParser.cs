using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets.Filters;

/// <summary>
/// Recursive-descent parser of the filter grammar (see <c>docs/datasets.md</c>):
/// <code>
/// filter     := or
/// or         := and ( OR and )*
/// and        := not ( AND not )*
/// not        := NOT not | '(' or ')' | predicate
/// predicate  := column ( op literal | [NOT] IN '(' literal (',' literal)* ')' | IS [NOT] NULL | [NOT] CONTAINS string )
/// </code>
/// </summary>
internal sealed class FilterParser
{
    /// <summary>Longer filters are refused: a filter is typed by a person, and the limit bounds parsing work.</summary>
    public const int MaxLength = 4096;

    private const int MaxDepth = 64;
    private readonly List<FilterToken> _tokens;
    private int _next;
    private int _depth;

    private FilterParser(List<FilterToken> tokens) => _tokens = tokens;

    public static FilterNode Parse(string filter)
    {
        if (filter.Length > MaxLength)
        {
            throw new FilterException($"The filter is longer than {MaxLength} characters", MaxLength);
        }

        var parser = new FilterParser(FilterLexer.Tokenize(filter));
        if (parser.Peek.Kind == TokenKind.End)
        {
            throw new FilterException("The filter is empty", 0);
        }

        var node = parser.Or();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw Unexpected(parser.Peek, "AND, OR or the end of the filter");
        }

        return node;
    }

    private FilterToken Peek => _tokens[_next];

    private FilterToken Take() => _tokens[_next++];

    private FilterNode Or()
    {
        var left = And();
        while (Peek.IsKeyword("OR"))
        {
            Take();
            left = new OrNode(left, And());
        }

        return left;
    }

    private FilterNode And()
    {
        var left = Not();
        while (Peek.IsKeyword("AND"))
        {
            Take();
            left = new AndNode(left, Not());
        }

        return left;
    }

    private FilterNode Not()
    {
        if (++_depth > MaxDepth)
        {
            throw new FilterException($"The filter nests deeper than {MaxDepth} levels", Peek.Position);
        }

        try
        {
            if (Peek.IsKeyword("NOT"))
            {
                Take();
                return new NotNode(Not());
            }

            if (Peek.Kind == TokenKind.OpenParen)
            {
                Take();
                var inner = Or();
                Expect(TokenKind.CloseParen, "')'");
                return inner;
            }

            return Predicate();
        }
        finally
        {
            _depth--;
        }
    }

    private FilterNode Predicate()
    {
        var token = Take();
        if (token.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            throw Unexpected(token, "a column name");
        }

        var column = new ColumnName(token.Text, token.Position);
        var next = Take();
        if (next.Kind == TokenKind.Operator)
        {
            return new ComparisonNode(column, next.Text, Literal());
        }

        if (next.IsKeyword("IS"))
        {
            var negated = Peek.IsKeyword("NOT");
            if (negated)
            {
                Take();
            }

            Expect(TokenKind.Keyword, "NULL", "NULL");
            return new NullNode(column, negated);
        }

        var not = next.IsKeyword("NOT");
        var word = not ? Take() : next;
        if (word.IsKeyword("IN"))
        {
            Expect(TokenKind.OpenParen, "'('");
            var values = new List<Literal> { Literal() };
            while (Peek.Kind == TokenKind.Comma)
            {
                Take();
                values.Add(Literal());
            }

            Expect(TokenKind.CloseParen, "',' or ')'");
            return new InNode(column, values, not);
        }

        if (word.IsKeyword("CONTAINS"))
        {
            var text = Literal();
            return text.Kind == LiteralKind.String
                ? new ContainsNode(column, text, not)
                : throw new FilterException("CONTAINS takes a string in single quotes", text.Position);
        }

        throw Unexpected(word, not ? "IN or CONTAINS" : "a comparison (= != < <= > >=), IN, IS or CONTAINS");
    }

    private Literal Literal()
    {
        var token = Take();
        return token switch
        {
            { Kind: TokenKind.String } => new Literal(LiteralKind.String, token.Text, token.Position),
            { Kind: TokenKind.Number } => new Literal(LiteralKind.Number, token.Text, token.Position),
            _ when token.IsKeyword("TRUE") || token.IsKeyword("FALSE") =>
                new Literal(LiteralKind.Boolean, token.Text, token.Position),
            _ when token.IsKeyword("NULL") => new Literal(LiteralKind.Null, token.Text, token.Position),
            _ => throw Unexpected(token, "a value ('text', a number, TRUE, FALSE or NULL)"),
        };
    }

    private void Expect(TokenKind kind, string described, string? text = null)
    {
        var token = Take();
        if (token.Kind != kind || (text is not null && token.Text != text))
        {
            throw Unexpected(token, described);
        }
    }

    private static FilterException Unexpected(FilterToken token, string expected) =>
        new($"Expected {expected} but found {token.Describe()}", token.Position);
}
