namespace ModelHub.Datasets.Filters;

/// <summary>The kinds of <see cref="FilterToken"/>.</summary>
internal enum TokenKind
{
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Operator,
    Keyword,
    OpenParen,
    CloseParen,
    Comma,
    End,
}

/// <summary>A token of a filter: its kind, its text (keywords upper-cased, quotes removed) and its 0-based position.</summary>
internal sealed record FilterToken(TokenKind Kind, string Text, int Position)
{
    public bool Is(TokenKind kind, string text) => Kind == kind && Text == text;

    public bool IsKeyword(string keyword) => Is(TokenKind.Keyword, keyword);

    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the filter",
        TokenKind.String => $"'{Text}'",
        TokenKind.QuotedIdentifier => $"\"{Text}\"",
        _ => $"'{Text}'",
    };
}
