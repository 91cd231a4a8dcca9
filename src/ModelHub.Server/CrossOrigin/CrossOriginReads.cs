using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ModelHub.Server.CrossOrigin;

/// <summary>
/// CORS for reading public content from web apps on other origins (onnxruntime-web, transformers.js): GET and HEAD of
/// the routes <see cref="IsPublicRead"/> names, with preflight. Three rules keep it safe:
/// credentials are never allowed (no <c>Access-Control-Allow-Credentials</c>, so a browser never lets a page read an
/// answer made with the user's cookie); a response for private content (its <c>Cache-Control</c> says
/// <c>private</c>) is never shared, even with a token the page sent itself; writes and the catalog get no CORS at all.
/// </summary>
public static partial class CrossOriginReads
{
    /// <summary>Request headers a preflight may ask for: credentials of the page's own, ranges, validators, client hints.</summary>
    public static readonly string[] AllowedHeaders =
    [
        HeaderNames.Authorization, HeaderNames.Range, HeaderNames.IfNoneMatch, HeaderNames.IfRange, ApiHeaders.DeviceMemory,
        ApiHeaders.SaveData, ApiHeaders.EffectiveConnectionType, ApiHeaders.Platform, ApiHeaders.Mobile, ApiHeaders.UserAgentBrands,
        ApiHeaders.Providers, ApiHeaders.ClientId,
    ];

    /// <summary>Response headers a page may read beyond the safelisted ones.</summary>
    public static readonly string[] ExposedHeaders =
    [
        HeaderNames.ETag, HeaderNames.ContentRange, HeaderNames.ContentLength, HeaderNames.AcceptRanges, ApiHeaders.Signature,
        ApiHeaders.RepoCommit, ApiHeaders.LinkedEtag, ApiHeaders.LinkedSize, ApiHeaders.ContentDigest, ApiHeaders.ReprDigest,
        HeaderNames.Link,
    ];

    private static readonly HashSet<string> Allowed = new(AllowedHeaders, StringComparer.OrdinalIgnoreCase);
    private static readonly string AllowHeaders = string.Join(", ", AllowedHeaders);
    private static readonly string ExposeHeaders = string.Join(", ", ExposedHeaders);

    /// <summary>The routes of public content: manifests, blobs, version files, Hugging Face routes, the signing key.</summary>
    public static bool IsPublicRead(PathString path) => path.Value is { } value && PublicRead().IsMatch(value);

    public static IApplicationBuilder UseCrossOriginReads(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        string? origin = request.Headers.Origin;
        if (origin is null || !IsPublicRead(request.Path))
        {
            await next(context);
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<CorsOptions>>().CurrentValue;
        var allowOrigin = AllowOrigin(options, origin);
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            Preflight(context, allowOrigin);
            return;
        }

        if (allowOrigin is not null && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            context.Response.OnStarting(() =>
            {
                Share(context.Response, allowOrigin);
                return Task.CompletedTask;
            });
        }

        await next(context);
    });

    /// <summary>The value of <c>Access-Control-Allow-Origin</c> for <paramref name="origin"/>, or null when it may not read.</summary>
    private static string? AllowOrigin(CorsOptions options, string origin) =>
        !options.Enabled ? null
        : options.AllowedOrigins is not { Length: > 0 } listed || listed.Contains("*") ? "*"
        : listed.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)) ? origin
        : null;

    private static void Preflight(HttpContext context, string? allowOrigin)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.Vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
        string? method = context.Request.Headers.AccessControlRequestMethod;
        var requested = context.Request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (allowOrigin is null || method is not ("GET" or "HEAD") || !requested.All(Allowed.Contains))
        {
            // No CORS headers: the browser refuses the request it asked about.
            return;
        }

        response.Headers.AccessControlAllowOrigin = allowOrigin;
        response.Headers.AccessControlAllowMethods = "GET, HEAD";
        response.Headers.AccessControlAllowHeaders = AllowHeaders;
        response.Headers.AccessControlMaxAge = "86400";
    }

    private static void Share(HttpResponse response, string allowOrigin)
    {
        if (allowOrigin != "*")
        {
            response.Headers.Append(HeaderNames.Vary, "Origin");
        }

        // Private content is for the caller's own client only, not for scripts of other sites.
        if (response.Headers.CacheControl.ToString().Contains("private", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        response.Headers.AccessControlAllowOrigin = allowOrigin;
        response.Headers.AccessControlExposeHeaders = ExposeHeaders;
    }

    [GeneratedRegex(
        """^(/v1/models/[^/]+/[^/]+/manifest|/v1/blobs/[^/]+|/v1/(models|datasets)/[^/]+/[^/]+/versions/[^/]+/files/.+"""
        + """|(/datasets)?/[^/]+/[^/]+/resolve/.+|/api/(models|datasets)/.+|/\.well-known/modelhub-manifest-key)$""")]
    private static partial Regex PublicRead();
}
