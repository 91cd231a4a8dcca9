using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Server.Blobs;
using ModelHub.Server.Http;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Downloads;

/// <summary>Files of a published version by path: <c>/v1/{kind}/{owner}/{name}/versions/{version}/files/{path}</c>.</summary>
public static class DownloadEndpoints
{
    public static IEndpointRouteBuilder MapDownloadEndpoints(this IEndpointRouteBuilder routes)
    {
        var files = RepositoryScope.MapGroup(routes, "/versions/{version}/files/{**path}").WithTags("Downloads");
        files.MapGet("", GetFileAsync).WithName("GetVersionFile").ProducesBlob()
            .WithSummary("Download a file of a published version by its path.");
        files.MapMethods("", [HttpMethods.Head], GetFileAsync).WithName("HeadVersionFile").ProducesBlob()
            .WithSummary("Read the size and digest headers of a file of a published version.");
        return routes;
    }

    /// <summary>A version path can be deleted and reused, so caches check back after a minute.</summary>
    public static string VersionPathCacheControl(bool isPrivate) => isPrivate ? "private, max-age=60" : "public, max-age=60";

    public static async Task<Results<BlobResult, ProblemHttpResult>> GetFileAsync(
        [AsParameters] RepositoryScope scope, string version, string path, ModelHubDbContext db,
        DownloadCounters counters, CancellationToken cancellationToken)
    {
        var file = await db.Files.AsNoTracking().Include(f => f.Version).ThenInclude(v => v.Variants)
            .Where(f => f.Version.RepositoryId == scope.Id && f.Version.Name == version && f.Version.State == VersionState.Published)
            .Where(f => f.Path == path)
            .SingleOrDefaultAsync(cancellationToken);
        if (file is null || !Sha256Digest.TryParse(file.Digest, out var digest))
        {
            return Problems.NotFound(ErrorCodes.FileNotFound,
                $"No file '{path}' in published version {version} of {scope.Owner}/{scope.Name}.");
        }

        return new BlobResult(digest, file.Size, file.ContentType, VersionPathCacheControl(scope.Repository.IsPrivate))
        {
            Completed = () => counters.CountTransfer(file.Version, path),
        };
    }
}
