using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Infrastructure;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Downloads;

public static class DownloadEndpoints
{
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";
    public const string PrivateImmutableCacheControl = "private, max-age=31536000, immutable";
    /// <summary>A version path can be deleted and reused, so caches check back after a minute.</summary>
    public const string VersionPathCacheControl = "public, max-age=60";

    public static IEndpointRouteBuilder MapDownloadEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Downloads");
        const string blob = "/v1/blobs/{digest}";
        Describe(group.MapGet(blob, GetBlobAsync).WithName("GetBlob"))
            .WithSummary("Download a blob by digest (immutable; Range, If-Range and If-None-Match supported).");
        Describe(group.MapMethods(blob, [HttpMethods.Head], GetBlobAsync).WithName("HeadBlob"))
            .WithSummary("Check a blob exists and read its size and digest headers.");
        var file = $"/v1/{RepositoryKinds.RouteSegment}/{{owner}}/{{name}}/versions/{{version}}/files/{{**path}}";
        Describe(group.MapGet(file, GetFileAsync).WithName("GetVersionFile"))
            .WithSummary("Download a file of a published version by its path.");
        Describe(group.MapMethods(file, [HttpMethods.Head], GetFileAsync).WithName("HeadVersionFile"))
            .WithSummary("Read the size and digest headers of a file of a published version.");
        return routes;
    }

    private static RouteHandlerBuilder Describe(RouteHandlerBuilder endpoint) => endpoint
        .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
        .Produces(StatusCodes.Status206PartialContent, contentType: "application/octet-stream")
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);

    public static async Task<Results<BlobResult, ProblemHttpResult>> GetBlobAsync(
        string digest, HttpContext http, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        if (!Sha256Digest.TryParse(digest, out var parsed))
        {
            return Problems.BadRequest(ErrorCodes.InvalidDigest, $"'{digest}' is not a digest of the form sha256:<64 hex characters>.");
        }

        var key = parsed.ToString();
        var blob = await db.Blobs.AsNoTracking().SingleOrDefaultAsync(b => b.Digest == key, cancellationToken);
        var visibility = blob is null ? BlobAccess.Visibility.Hidden : await BlobAccess.GetVisibilityAsync(db, Caller.From(http.User), key, cancellationToken);
        if (visibility == BlobAccess.Visibility.Hidden)
        {
            return Problems.NotFound(ErrorCodes.BlobNotFound, $"No blob {key} that you can read.");
        }

        var cacheControl = visibility == BlobAccess.Visibility.Public ? ImmutableCacheControl : PrivateImmutableCacheControl;
        return new BlobResult(parsed, blob!.Size, "application/octet-stream", cacheControl);
    }

    public static async Task<Results<BlobResult, ProblemHttpResult>> GetFileAsync(
        string kind, string owner, string name, string version, string path, HttpContext http, ModelHubDbContext db, DownloadCounters counters, CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound(kind, owner, name);
        }

        var file = await db.Files.AsNoTracking().Include(f => f.Version).ThenInclude(v => v.Variants)
            .Where(f => f.Version.RepositoryId == repository.Id && f.Version.Name == version && f.Version.State == VersionState.Published && f.Path == path)
            .SingleOrDefaultAsync(cancellationToken);
        if (file is null || !Sha256Digest.TryParse(file.Digest, out var digest))
        {
            return Problems.NotFound(ErrorCodes.FileNotFound, $"No file '{path}' in published version {version} of {owner}/{name}.");
        }

        HuggingFaceEndpoints.CountDownload(http, counters, file.Version, path);

        var cacheControl = repository.IsPrivate ? "private, max-age=60" : VersionPathCacheControl;
        return new BlobResult(digest, file.Size, file.ContentType, cacheControl);
    }
}
