using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ModelHub.Server.Http;

/// <summary>
/// Headers every answer carries, and the download-only host. Pages may run their own scripts and onnxruntime-web (its
/// WebAssembly needs <c>'wasm-unsafe-eval'</c>; WebGPU needs nothing more), show images from https (model cards), talk to
/// this server only, and be framed by no one; answers with uploaded bytes keep their own sandbox policy (<see cref="UserContent"/>).
/// </summary>
public static partial class SecurityHeaders
{
    public const string PagePolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
        + "img-src 'self' data: https:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'";

    /// <summary>What the download-only host serves: blobs by digest, files by version path, Hugging Face resolve URLs.</summary>
    [GeneratedRegex("^(/v1/blobs/[^/]+|/v1/(models|datasets)/[^/]+/[^/]+/versions/[^/]+/files/.+|(/datasets)?/[^/]+/[^/]+/resolve/.+)$")]
    private static partial Regex DownloadPath();

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            // Private repository names are in page URLs: links to other sites get no Referer.
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = PagePolicy;
            }

            return Task.CompletedTask;
        });
        await next(context);
    });

    /// <summary>
    /// With <see cref="HttpOptions.ContentOrigin"/> set, requests to that host reach the download routes only, and never
    /// with the catalog's sign-in cookie: uploaded files opened there have no page, token or cookie of the registry beside them.
    /// </summary>
    public static IApplicationBuilder UseContentOrigin(this IApplicationBuilder app)
    {
        var origin = app.ApplicationServices.GetRequiredService<IOptions<HttpOptions>>().Value.ContentOrigin;
        if (string.IsNullOrEmpty(origin))
        {
            return app;
        }

        var host = new Uri(origin).Host;
        return app.Use(async (context, next) =>
        {
            if (!string.Equals(context.Request.Host.Host, host, StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            context.Request.Headers.Cookie = default;
            if (!DownloadPath().IsMatch(context.Request.Path.Value ?? ""))
            {
                await Problems.NotFound(ErrorCodes.NotFound, "This host serves downloads only.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }
}
