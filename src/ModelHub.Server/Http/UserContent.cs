using System.Collections.Frozen;
using Microsoft.Net.Http.Headers;
using ModelHub.Core.Naming;

namespace ModelHub.Server.Http;

/// <summary>
/// Bytes uploaders wrote, served so that they can never act as the registry: a download (attachment), in a sandbox with
/// nothing allowed (an HTML or SVG file opened in a browser runs no script and has no origin to read from), never
/// sniffed, and typed only from an allow-list of types browsers do not execute (everything else is
/// <c>application/octet-stream</c>). Any route that serves uploaded bytes must answer through <see cref="Protect"/>
/// and <see cref="ServedType"/> (<c>BlobResult</c> does).
/// </summary>
public static class UserContent
{
    public const string ContentSecurityPolicy = "sandbox; default-src 'none'; frame-ancestors 'none'";
    public const string Fallback = "application/octet-stream";
    public const int MaxMediaTypeLength = 128;

    private static readonly FrozenSet<string> Allowed = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        Fallback, "application/json", "application/x-ndjson", "application/jsonl", "text/plain", "text/csv",
        "text/tab-separated-values", "text/markdown", "application/gzip", "application/zip", "application/x-tar",
        "application/zstd", "application/vnd.apache.parquet", "application/x-parquet", "application/x-protobuf",
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
        "audio/wav", "audio/x-wav", "audio/mpeg", "audio/ogg", "audio/flac", "audio/webm", "video/mp4", "video/webm", "video/ogg",
    ]);

    /// <summary>
    /// Whether <paramref name="value"/> is a media type (<c>type/subtype</c> with optional parameters, printable ASCII):
    /// what a version may declare for a file.
    /// </summary>
    public static bool IsValidMediaType(string? value) =>
        value is { Length: > 0 and <= MaxMediaTypeLength } && value.All(c => c is >= ' ' and <= '~')
        && MediaTypeHeaderValue.TryParse(value, out var parsed) && !parsed.MatchesAllTypes && !parsed.MatchesAllSubTypes
        && parsed.SubType.Length > 0;

    /// <summary>The type to serve a file as: its declared type when allowed (without parameters), else <see cref="Fallback"/>.</summary>
    public static string ServedType(string? declared) =>
        MediaTypeHeaderValue.TryParse(declared, out var parsed) && Allowed.Contains(parsed.MediaType.Value ?? "")
            ? parsed.MediaType.Value!.ToLowerInvariant()
            : Fallback;

    /// <summary>
    /// The headers that keep uploaded bytes from acting as the registry, with <paramref name="fileName"/> to save them as.
    /// </summary>
    public static void Protect(HttpResponse response, string? fileName)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        var disposition = new ContentDispositionHeaderValue("attachment");
        if (SafeFileName(fileName) is { } name)
        {
            disposition.FileNameStar = name;
        }

        headers.ContentDisposition = disposition.ToString();
    }

    /// <summary>The last segment of <paramref name="fileName"/> without characters that cannot stand in a header or a file name.</summary>
    private static string? SafeFileName(string? fileName)
    {
        var name = fileName?[(fileName.LastIndexOf('/') + 1)..];
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        return new string(name.Select(c => HiddenCharacters.IsHidden(c) || c is '"' or '\\' or ':' ? '_' : c).ToArray());
    }
}
