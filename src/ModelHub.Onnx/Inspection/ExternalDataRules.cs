namespace ModelHub.Onnx.Inspection;

/// <summary>
/// External-data locations are read by ONNX Runtime relative to the model file: each must name a file of the same
/// version, so a model cannot make the server read anything else (<c>/etc/passwd</c>, <c>../../secrets</c>).
/// </summary>
public static class ExternalDataRules
{
    /// <summary>Null when every location is acceptable, else the reason for the first that is not.</summary>
    public static string? Validate(string modelPath, IEnumerable<string> locations, IReadOnlySet<string> versionFiles)
    {
        var folder = modelPath.Contains('/') ? modelPath[..modelPath.LastIndexOf('/')] : "";
        foreach (var location in locations)
        {
            if (string.IsNullOrEmpty(location)
                || location.StartsWith('/')
                || location.Contains('\\')
                || (location.Length > 1 && location[1] == ':'))
            {
                return $"external data location `{location}` must be a relative path";
            }

            if (location.Split('/').Any(s => s is ".." or "." or ""))
            {
                return $"external data location `{location}` must not leave the model's folder";
            }

            var path = folder.Length == 0 ? location : $"{folder}/{location}";
            if (!versionFiles.Contains(path))
            {
                return $"external data `{path}` is not a file of this version";
            }
        }

        return null;
    }
}
