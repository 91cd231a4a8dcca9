using System.Data;

namespace ModelHub.Evaluations.Tables;

/// <summary>
/// A page of rows read typed, column by column, and reused page after page: the row numbers, each number column as
/// doubles with a missing flag, each text column as strings. Nothing is boxed per value (the object-per-value rows it
/// replaces cost an evaluation more than its queries did). Positions are those of the pager's select list: 0 is the row
/// number, then the <see cref="RowColumns"/> in order.
/// </summary>
internal sealed class RowPage
{
    private readonly bool[] _text;
    private readonly long[] _rows;
    private readonly double[]?[] _numbers;
    private readonly bool[]?[] _missing;
    private readonly string?[]?[] _texts;

    /// <param name="text">Per column after the row number: whether it is read as text (else as a number).</param>
    /// <param name="capacity">The most rows a page holds.</param>
    public RowPage(IReadOnlyList<bool> text, int capacity)
    {
        _text = [false, .. text];
        _rows = new long[capacity];
        _numbers = new double[]?[_text.Length];
        _missing = new bool[]?[_text.Length];
        _texts = new string?[]?[_text.Length];
        for (var p = 1; p < _text.Length; p++)
        {
            if (_text[p])
            {
                _texts[p] = new string?[capacity];
            }
            else
            {
                _numbers[p] = new double[capacity];
                _missing[p] = new bool[capacity];
            }
        }
    }

    public int Count { get; private set; }

    public int Capacity => _rows.Length;

    public long Row(int index) => _rows[index];

    /// <summary>The number at <paramref name="position"/> of row <paramref name="index"/>; false where it is missing.</summary>
    public bool TryNumber(int position, int index, out double value)
    {
        value = _numbers[position]![index];
        return !_missing[position]![index];
    }

    public string? Text(int position, int index) => _texts[position]![index];

    public void Clear() => Count = 0;

    /// <summary>Appends the reader's current row (the row number, then the columns in the page's order).</summary>
    public void Add(IDataRecord record)
    {
        var index = Count++;
        _rows[index] = record.GetInt64(0);
        for (var p = 1; p < _text.Length; p++)
        {
            var missing = record.IsDBNull(p);
            if (_text[p])
            {
                _texts[p]![index] = missing ? null : record.GetString(p);
            }
            else
            {
                _missing[p]![index] = missing;
                _numbers[p]![index] = missing ? 0 : record.GetDouble(p);
            }
        }
    }
}
