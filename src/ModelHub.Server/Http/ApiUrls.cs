namespace ModelHub.Server.Http;

/// <summary>
/// URLs the server writes into JSON and HTML, every segment percent-encoded: a file path may hold '#', '%', '?' or spaces,
/// which unencoded would cut the URL short or change what it names.
/// </summary>
public static class ApiUrls
{
    public static string Version(string kind, string owner, string name, string version) =>
        $"/v1/{kind}/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}/versions/{Uri.EscapeDataString(version)}";

    /// <summary>A file by version path; the path keeps its '/' separators, each segment encoded.</summary>
    public static string VersionFile(string kind, string owner, string name, string version, string path) =>
        $"{Version(kind, owner, name, version)}/files/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";
}
