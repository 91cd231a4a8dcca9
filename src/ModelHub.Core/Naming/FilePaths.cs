namespace ModelHub.Core.Naming;

/// <summary>
/// Rules for file paths inside a version: relative, '/'-separated, nothing that could escape or confuse a file system.
/// Clients materialise versions on Linux, Windows and macOS, so a path must be a valid file name on all of them.
/// </summary>
public static class FilePaths
{
    public const int MaxLength = 1024;

    /// <summary>Characters Windows refuses in file names (besides the separators and control characters).</summary>
    private const string WindowsReserved = "<>:\"|?*";

    /// <summary>Names Windows gives to devices, whatever their extension (<c>con.txt</c> is the console too).</summary>
    private static readonly HashSet<string> DeviceNames = new(
        ["CON", "PRN", "AUX", "NUL", .. Enumerable.Range(0, 10).SelectMany(i => new[] { $"COM{i}", $"LPT{i}" }),
            "COM\u00B9", "COM\u00B2", "COM\u00B3", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when <paramref name="path"/> is acceptable, else why it is not.</summary>
    public static string? Validate(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the path is empty";
        }

        if (path.Length > MaxLength)
        {
            return $"the path is longer than {MaxLength} characters";
        }

        if (path[0] == '/' || (path.Length > 1 && path[1] == ':'))
        {
            return "the path must be relative";
        }

        for (var i = 0; i < path.Length; i++)
        {
            if (ValidateCharacter(path, i) is { } reason)
            {
                return reason;
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (ValidateSegment(segment) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>The path's folders, shortest first: <c>a/b/c.txt</c> has <c>a</c> and <c>a/b</c>.</summary>
    public static IEnumerable<string> Folders(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    private static string? ValidateCharacter(string path, int i)
    {
        var c = path[i];
        if (HiddenCharacters.IsHidden(c))
        {
            return $"the path contains the invisible character U+{(int)c:X4} (control or bidirectional formatting)";
        }

        if (c is '\\')
        {
            return "the path must use '/' as separator";
        }

        if (WindowsReserved.Contains(c, StringComparison.Ordinal))
        {
            return $"the path contains '{c}', which Windows does not allow in file names";
        }

        var paired = char.IsHighSurrogate(c) ? i + 1 < path.Length && char.IsLowSurrogate(path[i + 1])
            : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(path[i - 1]));
        return paired ? null : "the path is not valid Unicode (a lone surrogate)";
    }

    private static string? ValidateSegment(string segment)
    {
        if (segment.Length == 0)
        {
            return "the path has an empty segment (a doubled or trailing '/')";
        }

        if (segment is "." or "..")
        {
            return "the path must not contain '.' or '..' segments";
        }

        if (segment[^1] is '.' or ' ')
        {
            return $"'{segment}' ends with a dot or a space, which Windows drops from file names";
        }

        var stem = segment.Split('.')[0].TrimEnd(' ');
        return DeviceNames.Contains(stem) ? $"'{segment}' is a device name on Windows ({stem.ToUpperInvariant()})" : null;
    }
}
