using System.Text;
using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets.Filters;

/// <summary>Splits a filter into tokens; see <c>docs/datasets.md</c> for the grammar.</summary>
internal static class FilterLexer
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "CONTAINS",
    };

    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            FilterToken token = c switch
            {
                '(' => new FilterToken(TokenKind.OpenParen, "(", i++),
                ')' => new FilterToken(TokenKind.CloseParen, ")", i++),
                ',' => new FilterToken(TokenKind.Comma, ",", i++),
                '\'' => new FilterToken(TokenKind.String, Quoted(text, ref i, '\''), start),
                '"' => new FilterToken(TokenKind.QuotedIdentifier, Quoted(text, ref i, '"'), start),
                '=' or '<' or '>' or '!' => new FilterToken(TokenKind.Operator, Operator(text, ref i), start),
                _ when char.IsDigit(c) || (c is '-' or '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])) =>
                    new FilterToken(TokenKind.Number, Number(text, ref i), start),
                _ when char.IsLetter(c) || c == '_' => Word(text, ref i),
                _ => throw new FilterException($"Unexpected character '{c}'", i),
            };
            tokens.Add(token);
        }

        tokens.Add(new FilterToken(TokenKind.End, "", text.Length));
        return tokens;
    }

    // A quote inside is written twice, as in SQL: 'it''s', "my ""column""".
    private static string Quoted(string text, ref int i, char quote)
    {
        var start = i++;
        var value = new StringBuilder();
        while (i < text.Length)
        {
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    value.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return value.ToString();
            }

            value.Append(text[i++]);
        }

        throw new FilterException(quote == '\'' ? "Unterminated string" : "Unterminated quoted column name", start);
    }

    private static string Operator(string text, ref int i)
    {
        var start = i;
        var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
        if (two is "<=" or ">=" or "!=" or "<>")
        {
            i += 2;
            return two == "<>" ? "!=" : two;
        }

        if (text[i] == '!')
        {
            throw new FilterException("Unexpected character '!' (did you mean '!='?)", start);
        }

        return text[i++].ToString();
    }

    private static string Number(string text, ref int i)
    {
        var start = i;
        if (text[i] == '-')
        {
            i++;
        }

        while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && (char.IsLetter(text[i]) || text[i] == '_'))
        {
            throw new FilterException($"Invalid number '{text[start..(i + 1)]}'", start);
        }

        return text[start..i];
    }

    private static FilterToken Word(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        var word = text[start..i];
        return Keywords.Contains(word)
            ? new FilterToken(TokenKind.Keyword, word.ToUpperInvariant(), start)
            : new FilterToken(TokenKind.Identifier, word, start);
    }
}
