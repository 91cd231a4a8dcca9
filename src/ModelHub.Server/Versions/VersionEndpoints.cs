using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Http;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Versions;

public static class VersionEndpoints
{
    public static IEndpointRouteBuilder MapVersionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = RepositoryScope.MapGroup(routes, "/versions").WithTags("Versions");
        group.MapPost("", CreateAsync).WithName("CreateVersion")
            .WithSummary("Create a version from files already uploaded as blobs (409 lists missing digests).");
        group.MapGet("", ListAsync).WithName("ListVersions").WithSummary("List the versions of a repository, newest first.");
        group.MapGet("/{version}", GetAsync).WithName("GetVersion").WithSummary(
            "Get a version with its files; with wait=N (seconds, at most 60), a validating version's answer waits for its verdict.");
        group.MapDelete("/{version}", DeleteAsync).WithName("DeleteVersion")
            .WithSummary("Delete (yank) a version; its tag becomes free and unreferenced blobs are collected later.");
        return routes;
    }

    public static async Task<Results<Created<VersionDetail>, Accepted<VersionDetail>, ProblemHttpResult>> CreateAsync(
        [AsParameters] RepositoryScope scope, CreateVersionRequest request, VersionPublisher publisher, CancellationToken cancellationToken)
    {
        var result = await publisher.CreateAsync(scope.Repository, scope.Caller, request, cancellationToken);
        if (result.Version is not { } version)
        {
            return result.ToProblem();
        }

        var location = $"{scope.Path}/versions/{version.Name}";
        var detail = version.AsDetail(scope.Kind, scope.Owner, scope.Name);
        return result.Outcome == VersionOutcome.Validating
            ? TypedResults.Accepted(location, detail)
            : TypedResults.Created(location, detail);
    }

    public static async Task<Ok<List<VersionSummary>>> ListAsync(
        [AsParameters] RepositoryScope scope, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Versions.AsNoTracking().Where(v => v.RepositoryId == scope.Id).OrderByDescending(v => v.Id)
            .Select(v => new { Version = v, FileCount = v.Files.Count })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => new VersionSummary(r.Version.Name, r.Version.State.StateName(), r.Version.Notes,
            r.Version.CreatedBy, r.Version.CreatedAt, r.Version.PublishedAt, r.FileCount, r.Version.TotalSize)).ToList());
    }

    public static async Task<Results<Ok<VersionDetail>, ProblemHttpResult>> GetAsync(
        [AsParameters] RepositoryScope scope, string version, int? wait, ModelHubDbContext db, IRepositoryChanges changes,
        CancellationToken cancellationToken)
    {
        using var verdict = wait > 0 ? new ValidationWait(changes, scope.Id, wait.Value) : null;
        var found = await ReadAsync(db, scope, version, cancellationToken);
        if (found is null)
        {
            return VersionNotFound(scope, version);
        }

        // Lineage is fixed when a version is created, and a version has no downloads or lookups before it is published: both
        // are read before any wait for the verdict, so the answer follows the verdict by one read.
        var datasets = await db.DatasetsOfAsync(found.Id, scope.Caller, cancellationToken);
        var usedBy = scope.Repository.Kind == RepositoryKind.Model ? [] : await db.UsedByAsync(found.Id, scope.Caller, cancellationToken);
        // Counts per tier; "" holds downloads of files that belong to no tier.
        var counters = await db.DownloadCounters.AsNoTracking().Where(c => c.VersionId == found.Id).ToListAsync(cancellationToken);
        while (found.State == VersionState.Validating && verdict is not null && await verdict.NextAsync(cancellationToken))
        {
            if ((found = await ReadAsync(db, scope, version, cancellationToken)) is null)
            {
                return VersionNotFound(scope, version);
            }
        }

        return TypedResults.Ok(found.AsDetail(scope.Kind, scope.Owner, scope.Name) with
        {
            Downloads = counters.Where(c => c.Count > 0).ToDictionary(c => c.Variant, c => c.Count),
            ManifestLookups = counters.Where(c => c.Lookups > 0).ToDictionary(c => c.Variant, c => c.Lookups),
            Datasets = Links(datasets),
            UsedBy = Links(usedBy),
        });
    }

    /// <summary>
    /// A version with its files and tiers. A model version has no tables: its files and tiers come in one round trip (each
    /// costs a client waiting for its verdict 1-2 ms on PostgreSQL).
    /// </summary>
    private static Task<RepositoryVersion?> ReadAsync(ModelHubDbContext db, RepositoryScope scope, string version,
        CancellationToken cancellationToken)
    {
        var versions = db.Versions.AsNoTracking().Include(v => v.Files).Include(v => v.Variants);
        return (scope.Repository.Kind == RepositoryKind.Model ? versions.AsSingleQuery() : versions.Include(v => v.Tables).AsSplitQuery())
            .SingleOrDefaultAsync(v => v.RepositoryId == scope.Id && v.Name == version, cancellationToken);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        [AsParameters] RepositoryScope scope, string version, VersionPublisher publisher, CancellationToken cancellationToken)
    {
        var result = await publisher.DeleteAsync(scope.Repository, version, cancellationToken);
        return result.Outcome == VersionOutcome.Deleted ? TypedResults.NoContent() : result.ToProblem();
    }

    public static ProblemHttpResult ToProblem(this VersionResult result) => result.Outcome switch
    {
        VersionOutcome.Invalid => Problems.Invalid(result.Error!),
        VersionOutcome.Unprocessable => Problems.Unprocessable(result.Error!.Code, result.Error.Detail,
            result.Error.Extensions is null ? null : new Dictionary<string, object?>(result.Error.Extensions)),
        VersionOutcome.BlobsMissing => Problems.Conflict(ErrorCodes.BlobsMissing, result.Detail, Missing(result)),
        VersionOutcome.SizeMismatch => Problems.BadRequest(ErrorCodes.SizeMismatch, result.Detail),
        VersionOutcome.DatasetsNotFound => Problems.Unprocessable(ErrorCodes.DatasetVersionNotFound, result.Detail, Missing(result)),
        VersionOutcome.Exists => Problems.Conflict(ErrorCodes.VersionExists, result.Detail),
        VersionOutcome.NotFound => Problems.NotFound(ErrorCodes.VersionNotFound, result.Detail),
        VersionOutcome.InChannel => Problems.Conflict(ErrorCodes.VersionInChannel, result.Detail),
        VersionOutcome.InUse => Problems.Conflict(ErrorCodes.VersionInUse, result.Detail),
        _ => throw new UnreachableException($"A version that is {result.Outcome} is not a problem."),
    };

    private static Dictionary<string, object?> Missing(VersionResult result) => new() { ["missing"] = result.Missing };

    private static ProblemHttpResult VersionNotFound([AsParameters] RepositoryScope scope, string version) =>
        Problems.NotFound(ErrorCodes.VersionNotFound, $"No version {version} of {scope.Owner}/{scope.Name}.");

    /// <summary>Lineage links as the API shows them, sorted by repository, then version.</summary>
    private static List<LineageLink> Links(List<LineageEntry> entries) => entries
        .Select(e => new LineageLink(e.Kind.Segment(), $"{e.Owner}/{e.Name}", e.Version,
            ApiUrls.Version(e.Kind.Segment(), e.Owner, e.Name, e.Version)))
        .OrderBy(l => l.Repository).ThenBy(l => l.Version).ToList();
}
