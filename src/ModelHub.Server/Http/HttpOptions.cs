namespace ModelHub.Server.Http;

/// <summary>
/// How the server is reached from outside: its public address, an optional separate download origin, and the proxies in front of it.
/// </summary>
public sealed class HttpOptions
{
    public const string Section = "ModelHub:Http";

    /// <summary>
    /// The address users reach the server at (<c>https://models.example.com</c>), written into the catalog's snippets. The
    /// request's own Host header is never trusted for that, except in Development when this is empty.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// A second origin for the same server (<c>https://content.models.example.com</c>): the catalog's download links of
    /// public files point there, and requests arriving there reach the download routes only (no pages, no sign-in), so
    /// uploaded files never share an origin with the catalog. Empty: downloads are served from the main origin, as
    /// sandboxed attachments.
    /// </summary>
    public string? ContentOrigin { get; set; }

    /// <summary>Behind a reverse proxy that terminates TLS: take the client address and scheme from X-Forwarded-For/-Proto.</summary>
    public bool ForwardedHeaders { get; set; }

    /// <summary>Addresses of the proxies whose forwarded headers are believed (loopback is always believed).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, <c>10.0.0.0/8</c>) of the proxies whose forwarded headers are believed.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Null when <paramref name="value"/> is empty or an http(s) origin with no path; else what is wrong.</summary>
    public static string? ValidateOrigin(string? value, string setting) =>
        string.IsNullOrEmpty(value)
        || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment))
            ? null
            : $"{Section}:{setting} '{value}' is not an http(s) origin such as https://models.example.com (no path).";
}
