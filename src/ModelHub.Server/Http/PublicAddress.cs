using Microsoft.Extensions.Options;

namespace ModelHub.Server.Http;

/// <summary>
/// The server's addresses as written into pages: the configured public base URL (the Host header a request arrived with
/// is the client's to choose, so it is trusted only in Development), and the download origin for public files.
/// </summary>
public sealed class PublicAddress(IOptions<HttpOptions> options, IHostEnvironment environment)
{
    /// <summary>Shown when no public base URL is configured outside Development: a reserved name that never resolves.</summary>
    public const string Placeholder = "https://modelhub.example";

    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.PublicBaseUrl);

    /// <summary>True when users reach the server over HTTPS (so its cookies are Secure even when a proxy speaks HTTP to it).</summary>
    public bool IsHttps => options.Value.PublicBaseUrl?.StartsWith("https:", StringComparison.OrdinalIgnoreCase) == true;

    public string BaseUrl(HttpRequest request) => IsConfigured
        ? options.Value.PublicBaseUrl!.TrimEnd('/')
        : environment.IsDevelopment() ? $"{request.Scheme}://{request.Host}" : Placeholder;

    /// <summary>Where to link a file at <paramref name="path"/>: the download origin for public files when there is one.</summary>
    public string DownloadUrl(string path, bool isPrivate) =>
        !isPrivate && options.Value.ContentOrigin is { Length: > 0 } origin ? origin.TrimEnd('/') + path : path;
}
