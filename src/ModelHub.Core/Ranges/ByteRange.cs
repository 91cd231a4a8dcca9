using System.Globalization;

namespace ModelHub.Core.Ranges;

/// <summary>The outcome of reading a <c>Range</c> header against a representation of a known length.</summary>
public readonly record struct ByteRange(ByteRangeKind Kind, long Offset, long Length)
{
    public static readonly ByteRange Full = new(ByteRangeKind.Full, 0, 0);
    public static readonly ByteRange Unsatisfiable = new(ByteRangeKind.Unsatisfiable, 0, 0);

    /// <summary>The inclusive index of the last byte.</summary>
    public long End => Offset + Length - 1;

    /// <summary>
    /// Parses a single <c>bytes=</c> range (RFC 9110 §14.1). A missing, malformed or multi-range header
    /// yields <see cref="Full"/>: a server may ignore ranges it does not support and send the whole content.
    /// </summary>
    public static ByteRange Parse(string? header, long totalLength)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Full;
        }

        var value = header.Trim();
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || value.Contains(','))
        {
            return Full;
        }

        var spec = value["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return Full;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // Suffix range: the last N bytes.
            if (!TryParse(last, out var suffix))
            {
                return Full;
            }

            if (suffix == 0 || totalLength == 0)
            {
                return Unsatisfiable;
            }

            var take = Math.Min(suffix, totalLength);
            return new ByteRange(ByteRangeKind.Partial, totalLength - take, take);
        }

        if (!TryParse(first, out var start))
        {
            return Full;
        }

        long end;
        if (last.Length == 0)
        {
            end = totalLength - 1;
        }
        else if (!TryParse(last, out end) || end < start)
        {
            return Full;
        }

        if (start >= totalLength)
        {
            return Unsatisfiable;
        }

        end = Math.Min(end, totalLength - 1);
        return new ByteRange(ByteRangeKind.Partial, start, end - start + 1);
    }

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

public enum ByteRangeKind
{
    Full,
    Partial,
    Unsatisfiable,
}
