using Microsoft.Extensions.Options;
using ModelHub.Core.Digests;
using ModelHub.Core.Ranges;
using ModelHub.Core.Storage;
using ModelHub.Server.Http;
using ModelHub.Server.Metrics;

namespace ModelHub.Server.Blobs;

/// <summary>
/// Streams a blob with HTTP caching and range semantics: the ETag is the digest, so <c>If-None-Match</c>
/// and <c>If-Range</c> are exact; one byte range per request (a multi-range request gets the whole blob). The bytes
/// are served as <see cref="UserContent"/>: a sandboxed attachment of an allowed type.
/// </summary>
public sealed class BlobResult(Sha256Digest digest, long size, string contentType, string cacheControl) : IResult
{
    /// <summary>
    /// Called when a GET sent the blob's last byte (a whole body, or a range reaching the end), or handed a request for
    /// it to the object store or nginx: a completed transfer, for download counts. Probes and resumed starts are not.
    /// </summary>
    public Action? Completed { get; init; }

    /// <summary>The name to save the bytes as; null: the last segment of the request's path.</summary>
    public string? FileName { get; init; }

    /// <summary>nginx's internal redirect: it serves the named internal location instead of this response's body.</summary>
    public const string AccelRedirectHeader = "X-Accel-Redirect";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        var etag = $"\"{digest}\"";
        var headers = response.Headers;
        headers.ETag = etag;
        headers.CacheControl = cacheControl;
        headers.AcceptRanges = "bytes";
        headers[ApiHeaders.ContentDigest] = digest.ToString();
        headers[ApiHeaders.ReprDigest] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(digest.Hex))}:";
        // Uploaded bytes: a sandboxed attachment, named after the last segment of the path it was asked by.
        UserContent.Protect(response, FileName ?? request.Path.Value);

        if (EntityTags.IfNoneMatch(request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var range = ByteRange.Full;
        string? ifRange = request.Headers.IfRange;
        if (ifRange is null || ifRange == etag)
        {
            range = ByteRange.Parse(request.Headers.Range, size);
        }

        var reachesEnd = range.Kind == ByteRangeKind.Full || (range.Kind == ByteRangeKind.Partial && range.End == size - 1);
        if (HttpMethods.IsGet(request.Method) && (await RedirectAsync(httpContext) || AccelRedirect(httpContext)))
        {
            if (reachesEnd)
            {
                Completed?.Invoke();
            }

            return;
        }

        if (range.Kind == ByteRangeKind.Unsatisfiable)
        {
            headers.ContentRange = $"bytes */{size}";
            await Problems.Create(StatusCodes.Status416RangeNotSatisfiable, ErrorCodes.RangeNotSatisfiable,
                $"The range '{request.Headers.Range}' lies outside the {size} bytes of the blob.").ExecuteAsync(httpContext);
            return;
        }

        long offset = 0, length = size;
        if (range.Kind == ByteRangeKind.Partial)
        {
            (offset, length) = (range.Offset, range.Length);
            response.StatusCode = StatusCodes.Status206PartialContent;
            headers.ContentRange = $"bytes {range.Offset}-{range.End}/{size}";
        }

        response.ContentType = UserContent.ServedType(contentType);
        response.ContentLength = length;
        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        if (length == 0)
        {
            if (reachesEnd)
            {
                Completed?.Invoke();
            }

            return;
        }

        // A completed transfer is counted as its last byte goes out (see LastByteStream).
        var body = Completed is { } completed && reachesEnd ? new LastByteStream(response.Body, length, completed) : response.Body;
        var store = httpContext.RequestServices.GetRequiredService<IBlobStore>();
        var metrics = httpContext.RequestServices.GetRequiredService<TransferMetrics>();
        using var counted = new CountingStream(body, metrics.Sent);
        await store.CopyToAsync(BlobKeys.ForBlob(digest), offset, length, counted, httpContext.RequestAborted);
    }

    /// <summary>
    /// Behind nginx (<see cref="DownloadOptions.AccelRedirectPrefix"/>), on the filesystem store: the request is authorised
    /// and its headers set here, and nginx sends the file's bytes (ranges included) from its internal location.
    /// </summary>
    private bool AccelRedirect(HttpContext httpContext)
    {
        var prefix = httpContext.RequestServices.GetRequiredService<IOptions<DownloadOptions>>().Value.AccelRedirectPrefix;
        if (string.IsNullOrEmpty(prefix) || httpContext.RequestServices.GetRequiredService<IBlobStore>() is not FileSystemBlobStore)
        {
            return false;
        }

        httpContext.Response.ContentType = contentType;
        httpContext.Response.Headers[AccelRedirectHeader] = prefix + BlobKeys.ForBlob(digest);
        return true;
    }

    /// <summary>In redirect mode, sends the client to the object store; false when the store cannot presign.</summary>
    private async Task<bool> RedirectAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<DownloadOptions>>().Value;
        if (!options.RedirectToStorage)
        {
            return false;
        }

        var store = httpContext.RequestServices.GetRequiredService<IBlobStore>();
        var url = await store.GetPresignedReadUrlAsync(BlobKeys.ForBlob(digest), options.RedirectExpiry, httpContext.RequestAborted);
        if (url is null)
        {
            return false;
        }

        // The redirect expires with its URL; the digest headers above still let the client verify what it gets.
        httpContext.Response.Headers.CacheControl = cacheControl.StartsWith("private", StringComparison.Ordinal)
            ? "private, no-store"
            : "no-store";
        httpContext.Response.StatusCode = StatusCodes.Status302Found;
        httpContext.Response.Headers.Location = url.ToString();
        return true;
    }
}
