using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
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
    /// <summary>The digest of the bytes, as OCI registries name it.</summary>

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
        UserContent.Protect(response, request.Path.Value);

        if (Matches(request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        if (HttpMethods.IsGet(request.Method) && await RedirectAsync(httpContext))
        {
            return;
        }

        var range = ByteRange.Full;
        string? ifRange = request.Headers.IfRange;
        if (ifRange is null || ifRange == etag)
        {
            range = ByteRange.Parse(request.Headers.Range, size);
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
        if (HttpMethods.IsHead(request.Method) || length == 0)
        {
            return;
        }

        var store = httpContext.RequestServices.GetRequiredService<IBlobStore>();
        var metrics = httpContext.RequestServices.GetRequiredService<TransferMetrics>();
        using var counted = new CountingStream(response.Body, metrics.Sent);
        await store.CopyToAsync(BlobKeys.ForBlob(digest), offset, length, counted, httpContext.RequestAborted);
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
        httpContext.Response.Headers.CacheControl = "private, no-store";
        httpContext.Response.StatusCode = StatusCodes.Status302Found;
        httpContext.Response.Headers.Location = url.ToString();
        return true;
    }

    private static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var candidate in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || candidate == etag || candidate == "W/" + etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
