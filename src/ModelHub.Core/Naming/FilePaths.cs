namespace ModelHub.Core.Naming;

/// <summary>Rules for file paths inside a version: relative, '/'-separated, nothing that could escape or confuse a file system.</summary>
public static class FilePaths
{
    public const int MaxLength = 1024;

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

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return "the path contains a control character";
            }

            if (c is '\\')
            {
                return "the path must use '/' as separator";
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "the path has an empty segment (a doubled or trailing '/')";
            }

            if (segment is "." or "..")
            {
                return "the path must not contain '.' or '..' segments";
            }
        }

        return null;
    }
}
