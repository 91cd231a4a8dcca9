using System.Globalization;
using System.Text;

namespace ModelHub.Onnx.Samples;

/// <summary>
/// Parses the header of a <c>.npy</c> file: a Python dict literal with exactly the keys <c>descr</c> (a dtype string),
/// <c>fortran_order</c> (<c>False</c>) and <c>shape</c> (a tuple of sizes). Nothing else is accepted: no structured
/// dtypes, no expressions, no other keys. See: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
/// </summary>
internal sealed class NpyHeader
{
    private readonly string _text;
    private int _at;

    private NpyHeader(string text) => _text = text;

    public static (string Descr, bool FortranOrder, long[] Shape) Parse(string text)
    {
        var parser = new NpyHeader(text);
        var values = parser.Dict();
        parser.SkipSpace();
        if (parser._at != text.Length)
        {
            throw Bad($"unexpected text after the header dict at offset {parser._at}");
        }

        if (values.Count != 3 || !values.TryGetValue("descr", out var descr) || !values.TryGetValue("fortran_order", out var fortran)
            || !values.TryGetValue("shape", out var shape))
        {
            throw Bad($"the header must have exactly the keys descr, fortran_order and shape (it has {string.Join(", ", values.Keys)})");
        }

        return (descr as string ?? throw Bad("descr is not a plain dtype string (structured dtypes are not supported)"),
            fortran as bool? ?? throw Bad("fortran_order is not True or False"),
            shape as long[] ?? throw Bad("shape is not a tuple of sizes"));
    }

    private Dictionary<string, object> Dict()
    {
        Expect('{');
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (Peek() == '}')
            {
                _at++;
                return values;
            }

            var key = String();
            Expect(':');
            if (!values.TryAdd(key, Value()))
            {
                throw Bad($"key {key} appears twice");
            }

            SkipSpace();
            if (Peek() == ',')
            {
                _at++;
            }
            else if (Peek() != '}')
            {
                throw Bad($"expected , or }} at offset {_at}");
            }
        }
    }

    private object Value()
    {
        SkipSpace();
        return Peek() switch
        {
            '\'' or '"' => String(),
            '(' => Tuple(),
            '[' => throw Bad("structured dtypes (a list in descr) are not supported"),
            _ when Word("True") => true,
            _ when Word("False") => false,
            _ => throw Bad($"unexpected value at offset {_at}"),
        };
    }

    private long[] Tuple()
    {
        Expect('(');
        var sizes = new List<long>();
        while (true)
        {
            SkipSpace();
            if (Peek() == ')')
            {
                _at++;
                return [.. sizes];
            }

            var start = _at;
            while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
            {
                _at++;
            }

            var digits = _text.AsSpan(start, _at - start);
            if (digits.IsEmpty || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw Bad($"shape must hold non-negative integers (offset {start})");
            }

            sizes.Add(size);
            if (Peek() == 'L')
            {
                _at++; // Python 2 long literals, as old NumPy wrote them.
            }

            SkipSpace();
            if (Peek() == ',')
            {
                _at++;
            }
            else if (Peek() != ')')
            {
                throw Bad($"expected , or ) in shape at offset {_at}");
            }
        }
    }

    private string String()
    {
        SkipSpace();
        var quote = Peek();
        if (quote is not ('\'' or '"'))
        {
            throw Bad($"expected a quoted string at offset {_at}");
        }

        var end = _text.IndexOf(quote, _at + 1);
        if (end < 0 || _text.AsSpan(_at + 1, end - _at - 1).Contains('\\'))
        {
            throw Bad($"unterminated or escaped string at offset {_at}");
        }

        var value = _text[(_at + 1)..end];
        _at = end + 1;
        return value;
    }

    private bool Word(string word)
    {
        if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0)
        {
            return false;
        }

        _at += word.Length;
        return true;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c)
        {
            throw Bad($"expected {c} at offset {_at}");
        }

        _at++;
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private void SkipSpace()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\n' or '\r')
        {
            _at++;
        }
    }

    private static FormatException Bad(string reason) => new($"bad .npy header: {reason}");

    /// <summary>Format version 3 writes the header in UTF-8; 1 and 2 in Latin-1.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, bool utf8) =>
        utf8 ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
}
