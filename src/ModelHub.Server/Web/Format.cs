using System.Globalization;

namespace ModelHub.Server.Web;

/// <summary>Numbers as people read them.</summary>
public static class Format
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    public static string ShortDigest(string digest) =>
        digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..19] : digest[..Math.Min(12, digest.Length)];

    public static string Milliseconds(double? ms) =>
        ms is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value:0.##} ms") : "—";
}
