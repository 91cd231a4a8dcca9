using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;
using ModelHub.Server.Downloads;
using ModelHub.Server.Http;
using ModelHub.Server.Metrics;

namespace ModelHub.Server.Blobs;

/// <summary>
/// Everything by digest: <c>PUT /v1/blobs/{digest}</c> uploads a whole blob in one request, <c>GET</c> and <c>HEAD</c>
/// serve it (immutable, so cacheable for a year) to uploaders and to readers of a published version that holds it.
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
        string digest, HttpRequest request, BlobIngestor ingestor, TransferMetrics metrics, CancellationToken cancellationToken)
    {
        if (Caller.From(request.HttpContext.User).RequireUpload() is { } denied)
        {
            return denied;
        }

        if (!Sha256Digest.TryParse(digest, out var parsed))
        {
            return Problems.InvalidDigest(digest);
        }

        if (await ingestor.FindAsync(parsed, cancellationToken) is { } existing)
        {
            return TypedResults.Ok(new BlobInfo(existing.Digest, existing.Size));
        }

        try
        {
            using var body = new CountingStream(request.Body, metrics.Received);
            var blob = await ingestor.StoreAsync(parsed, body, request.ContentLength, cancellationToken);
            request.HttpContext.Response.Headers[ApiHeaders.ContentDigest] = blob.Digest;
            return TypedResults.Created($"/v1/blobs/{blob.Digest}", new BlobInfo(blob.Digest, blob.Size));
        }
        catch (DigestMismatchException e)
        {
            return Problems.Mismatch(e);
        }
    }

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
            ? BlobAccess.Visibility.Hidden
            : await BlobAccess.GetVisibilityAsync(db, Caller.From(http.User), key, cancellationToken);
        if (visibility == BlobAccess.Visibility.Hidden)
        {
            return Problems.NotFound(ErrorCodes.BlobNotFound, $"No blob {key} that you can read.");
        }

        var cacheControl = visibility == BlobAccess.Visibility.Public ? ImmutableCacheControl : PrivateImmutableCacheControl;
        return new BlobResult(parsed, blob!.Size, "application/octet-stream", cacheControl) { Completed = () => counters.CountBlob(key) };
    }
}
