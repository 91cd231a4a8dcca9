using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;
using ModelHub.Server.Downloads;
using ModelHub.Server.Http;
using ModelHub.Server.Metrics;
using ModelHub.Server.Uploads;

namespace ModelHub.Server.Blobs;

/// <summary>
/// Everything by digest: <c>PUT /v1/blobs/{digest}</c> uploads a whole blob in one request, <c>GET</c> and <c>HEAD</c>
/// serve it (immutable, so cacheable for a year) to those <see cref="BlobVisibility"/> lets read it.
/// </summary>
public static class BlobEndpoints
{
    // A blob never changes: caches keep it a year (only the client's own cache when it is in no public repository).
    private const string ImmutableCacheControl = "public, max-age=31536000, immutable";
    private const string PrivateImmutableCacheControl = "private, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapBlobEndpoints(this IEndpointRouteBuilder routes)
    {
        var blobs = routes.MapGroup("/v1/blobs/{digest}");
        blobs.MapPut("", PutBlobAsync).WithTags("Uploads").WithName("PutBlob")
            .WithSummary("Upload a whole blob in one request; the body must hash to the digest.")
            .WithMetadata(new DisableRequestSizeLimitAttribute()).Accepts<Stream>("application/octet-stream", "*/*");
        blobs.MapGet("", GetBlobAsync).WithTags("Downloads").WithName("GetBlob").ProducesBlob()
            .WithSummary("Download a blob by digest (immutable; Range, If-Range and If-None-Match supported).");
        blobs.MapMethods("", [HttpMethods.Head], GetBlobAsync).WithTags("Downloads").WithName("HeadBlob").ProducesBlob()
            .WithSummary("Check a blob exists and read its size and digest headers.");
        return routes;
    }

    public static async Task<Results<Created<BlobInfo>, Ok<BlobInfo>, ProblemHttpResult>> PutBlobAsync(
        string digest, HttpRequest request, BlobIngestor ingestor, TransferMetrics metrics,
        IOptions<UploadOptions> limits, CancellationToken cancellationToken)
    {
        var caller = Caller.From(request.HttpContext.User);
        if (caller.RequireUpload() is { } denied)
        {
            return denied;
        }

        if (!Sha256Digest.TryParse(digest, out var parsed))
        {
            return Problems.InvalidDigest(digest);
        }

        var max = limits.Value.MaxBlobBytes;
        if (request.ContentLength > max)
        {
            return TooLarge(max);
        }

        try
        {
            using var counted = new CountingStream(request.Body, metrics.Received);
            var body = request.ContentLength is null ? Bounded(counted, max, max) : counted;
            var (size, known) = await ingestor.AcceptAsync(parsed, caller, body, request.ContentLength, cancellationToken);
            if (known)
            {
                return TypedResults.Ok(new BlobInfo(parsed.ToString(), size));
            }

            request.HttpContext.Response.Headers[ApiHeaders.ContentDigest] = parsed.ToString();
            // Created whether or not someone else had stored it: the answer does not tell a caller what others uploaded.
            return TypedResults.Created($"/v1/blobs/{parsed}", new BlobInfo(parsed.ToString(), size));
        }
        catch (DigestMismatchException e)
        {
            return Problems.Mismatch(e);
        }
    }

    /// <summary>
    /// A body without a length, cut off (413) after <paramref name="room"/> bytes, where its blob passes the largest accepted.
    /// </summary>
    public static Stream Bounded(Stream body, long maxBlobBytes, long room) =>
        new BoundedStream(body, room, ErrorCodes.BlobTooLarge, $"The blob is larger than the {maxBlobBytes} bytes this server accepts.");

    public static ProblemHttpResult TooLarge(long maxBlobBytes) => Problems.Create(StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.BlobTooLarge, $"The blob is larger than the {maxBlobBytes} bytes this server accepts (ModelHub:Uploads:MaxBlobBytes).");

    public static async Task<Results<BlobResult, ProblemHttpResult>> GetBlobAsync(
        string digest, HttpContext http, ModelHubDbContext db, DownloadCounters counters, CancellationToken cancellationToken)
    {
        if (!Sha256Digest.TryParse(digest, out var parsed))
        {
            return Problems.InvalidDigest(digest);
        }

        var key = parsed.ToString();
        var blob = await db.Blobs.AsNoTracking().SingleOrDefaultAsync(b => b.Digest == key, cancellationToken);
        var visibility = blob is null
            ? BlobVisibility.Visibility.Hidden
            : await BlobVisibility.GetAsync(db, Caller.From(http.User), key, cancellationToken);
        if (visibility == BlobVisibility.Visibility.Hidden)
        {
            return Problems.NotFound(ErrorCodes.BlobNotFound, $"No blob {key} that you can read.");
        }

        var cacheControl = visibility == BlobVisibility.Visibility.Public ? ImmutableCacheControl : PrivateImmutableCacheControl;
        return new BlobResult(parsed, blob!.Size, "application/octet-stream", cacheControl) { Completed = () => counters.CountBlob(key) };
    }
}
