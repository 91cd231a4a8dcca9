using System.Globalization;

namespace ModelHub.Contracts;

/// <summary>
/// Sizes as people write them, read the same way by the server (manifest hints) and the SDK and CLI (<c>--device</c>).
/// <list type="bullet">
/// <item>A plain decimal number: <c>4</c>, <c>1.5</c>, <c>.5</c>; invariant culture (never <c>1,5</c>), no sign, no exponent,
/// no thousands separator. Spaces around it and before the unit are allowed.</item>
/// <item>An optional unit, case-insensitive and binary: <c>k</c> = 1024 bytes, <c>m</c> = 1024 k, <c>g</c> = 1024 m,
/// <c>t</c> = 1024 g. <c>kb</c>, <c>kib</c> and <c>ki</c> (Kubernetes) mean the same as <c>k</c>, and likewise for m, g, t:
/// memory is binary everywhere it is measured (the <c>Device-Memory</c> hint, Docker, Kubernetes), so <c>4gb</c> is
/// 4 GiB. <c>b</c> is bytes.</item>
/// <item>Without a unit the number is in the caller's default unit: megabytes for memory, bytes for a download budget.</item>
/// <item>The result is whole bytes (a fraction of a byte is dropped) and must be at least one byte and at most
/// <see cref="MaxBytes"/> (1 PiB): zero, negatives, NaN, infinities and absurd values are refused.</item>
/// </list>
/// </summary>
public static class Sizes
{
    public const long KiB = 1024;
    public const long MiB = KiB * 1024;
    public const long GiB = MiB * 1024;
    public const long TiB = GiB * 1024;

    /// <summary>The largest size accepted, 1 PiB: far above any device or download, far below <see cref="long.MaxValue"/>.</summary>
    public const long MaxBytes = TiB * 1024;

    private const int MaxLength = 32;

    /// <summary>The size in bytes, or <see cref="FormatException"/> saying what a size looks like.</summary>
    /// <param name="text">e.g. <c>4g</c>, <c>512m</c>, <c>1.5g</c>, <c>300k</c>, <c>4096</c>.</param>
    /// <param name="defaultUnit">Bytes per unit of a bare number (<see cref="MiB"/> for memory, 1 for bytes).</param>
    public static long Parse(string text, long defaultUnit) =>
        TryParse(text, defaultUnit, out var bytes) ? bytes : throw new FormatException($"'{text}' is not a size such as 4g, 512m or 1.5g.");

    /// <summary>False when <paramref name="text"/> is not a size by the rules above; never throws for bad text.</summary>
    public static bool TryParse(string? text, long defaultUnit, out long bytes)
    {
        if (defaultUnit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(defaultUnit), defaultUnit, "The default unit must be positive.");
        }

        bytes = 0;
        if (text is null || text.Length > MaxLength)
        {
            return false;
        }

        var value = text.Trim().ToLowerInvariant();
        var unitStart = value.Length;
        while (unitStart > 0 && value[unitStart - 1] is >= 'a' and <= 'z')
        {
            unitStart--;
        }

        var number = value.Substring(0, unitStart).TrimEnd();
        if (Unit(value.Substring(unitStart), defaultUnit) is not { } unit || !IsPlainDecimal(number))
        {
            return false;
        }

        var total = double.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * unit;
        if (total < 1 || total > MaxBytes)
        {
            return false;
        }

        bytes = (long)total;
        return true;
    }

    private static long? Unit(string suffix, long defaultUnit) => suffix switch
    {
        "" => defaultUnit,
        "b" => 1,
        "k" or "kb" or "ki" or "kib" => KiB,
        "m" or "mb" or "mi" or "mib" => MiB,
        "g" or "gb" or "gi" or "gib" => GiB,
        "t" or "tb" or "ti" or "tib" => TiB,
        _ => null,
    };

    /// <summary>Digits with at most one decimal point and at least one digit: what <c>double.Parse</c> may then read.</summary>
    private static bool IsPlainDecimal(string number)
    {
        var digits = 0;
        var points = 0;
        foreach (var c in number)
        {
            if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (c == '.' && ++points == 1)
            {
                continue;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }
}
