namespace ModelHub.Onnx.Validation;

/// <summary>
/// Turns paths under the scratch folder the server copied a version into back into the version's own paths, so no
/// message shows where the server keeps its files.
/// </summary>
public sealed class ScratchPaths(string? root)
{
    private readonly string? _root = root is { Length: > 0 } ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) : null;

    public string? Root => _root;

    /// <summary>The local file behind a version path, or null when it would leave the folder.</summary>
    public string? Local(string versionPath)
    {
        if (_root is null || versionPath.Length == 0)
        {
            return null;
        }

        var local = Path.GetFullPath(Path.Combine(_root, versionPath));
        return local.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? local : null;
    }

    public string Scrub(string text)
    {
        if (_root is null)
        {
            return text;
        }

        var separator = _root + Path.DirectorySeparatorChar;
        return text.Replace(separator, "", StringComparison.Ordinal).Replace(_root, ".", StringComparison.Ordinal);
    }
}
