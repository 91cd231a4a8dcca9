using System.Globalization;
using System.Text;

namespace ModelHub.Core.Naming;

/// <summary>
/// The form in which two file paths name the same file on the file systems clients materialise versions on: Windows and
/// macOS ignore case, and macOS stores names decomposed (NFD) where others keep them composed (NFC), so <c>é</c> and
/// <c>e</c> + U+0301 are one file there. The key is the canonical decomposition (NFD, from a table generated from the
/// Unicode database: the server runs with invariant globalization, where <see cref="string.Normalize()"/> leaves
/// non-ASCII text unchanged) in upper case.
/// </summary>
public static class PathFolding
{
    private const int HangulBase = 0xAC00, HangulCount = 11172, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
    private const int VowelCount = 21, TrailCount = 28;

    private static readonly Lazy<(Dictionary<int, int[]> Decompositions, Dictionary<int, int> Classes)> Data = new(Load);

    /// <summary>
    /// The key under which <paramref name="path"/> collides with every path a case-insensitive, normalising system confuses it with.
    /// </summary>
    public static string Fold(string path) => Decompose(Decompose(path).ToUpperInvariant());

    /// <summary><paramref name="text"/> in canonical decomposition (NFD).</summary>
    public static string Decompose(string text)
    {
        if (text.All(char.IsAscii))
        {
            return text;
        }

        var (decompositions, classes) = Data.Value;
        var points = new List<int>(text.Length + 4);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            if (value is >= HangulBase and < HangulBase + HangulCount)
            {
                var index = value - HangulBase;
                points.Add(LeadBase + index / (VowelCount * TrailCount));
                points.Add(VowelBase + index % (VowelCount * TrailCount) / TrailCount);
                if (index % TrailCount != 0)
                {
                    points.Add(TrailBase + index % TrailCount);
                }
            }
            else if (decompositions.TryGetValue(value, out var decomposed))
            {
                points.AddRange(decomposed);
            }
            else
            {
                points.Add(value);
            }
        }

        // Canonical ordering: a run of combining marks is sorted by combining class (stable), so mark order cannot differ.
        for (var i = 1; i < points.Count; i++)
        {
            var mark = classes.GetValueOrDefault(points[i]);
            for (var j = i; mark != 0 && j > 0 && classes.GetValueOrDefault(points[j - 1]) > mark; j--)
            {
                (points[j - 1], points[j]) = (points[j], points[j - 1]);
            }
        }

        var builder = new StringBuilder(points.Count + 4);
        points.ForEach(p => builder.Append(char.ConvertFromUtf32(p)));
        return builder.ToString();
    }

    private static (Dictionary<int, int[]>, Dictionary<int, int>) Load()
    {
        var decompositions = new Dictionary<int, int[]>();
        var classes = new Dictionary<int, int>();
        using var stream = typeof(PathFolding).Assembly.GetManifestResourceStream("ModelHub.Core.Naming.Decompositions.txt")
            ?? throw new InvalidOperationException("The Unicode decomposition table is not embedded in ModelHub.Core.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.Split(':') is [var point, var combiningClass])
            {
                classes[Hex(point)] = int.Parse(combiningClass, CultureInfo.InvariantCulture);
            }
            else
            {
                var fields = line.Split(' ');
                decompositions[Hex(fields[0])] = fields[1..].Select(Hex).ToArray();
            }
        }

        return (decompositions, classes);
    }

    private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
