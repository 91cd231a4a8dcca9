using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Rows;
using ModelHub.Server.Http;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Datasets;

/// <summary>Commits (a new version from a parent plus edits), the history they form, and compares of two versions.</summary>
public static class CommitEndpoints
{
    public static IEndpointRouteBuilder MapCommitEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = RepositoryScope.MapGroup(routes, "").WithTags("Datasets");
        group.MapPost("/commits", CreateAsync).WithName("CreateCommit")
            .WithSummary("Make a dataset version from a parent with files added/removed and rows upserted/deleted by key.");
        group.MapGet("/commits", HistoryAsync).WithName("ListCommits")
            .WithSummary("A dataset's history: the chain of versions from one (default: the newest) back through their parents.");
        group.MapGet("/compare/{spec}", CompareAsync).WithName("CompareVersions")
            .WithSummary("Compare base...head: files added/removed/modified, and per table rows added/removed/changed (paged).");
        return routes;
    }

    public static async Task<Results<Created<VersionDetail>, ProblemHttpResult>> CreateAsync(
        [AsParameters] RepositoryScope scope, CreateCommitRequest request, CommitService commits, CancellationToken cancellationToken)
    {
        var result = await commits.CreateAsync(scope.Repository, scope.Caller, request, cancellationToken);
        if (result.VersionResult?.Version is not { } version)
        {
            return result.ToProblem();
        }

        return TypedResults.Created($"{scope.Path}/versions/{version.Name}", version.AsDetail(scope.Kind, scope.Owner, scope.Name));
    }

    public static async Task<Results<Ok<List<CommitInfo>>, ProblemHttpResult>> HistoryAsync(
        [AsParameters] RepositoryScope scope, DatasetHistory history, CancellationToken cancellationToken, string? from = null,
        int limit = 100)
    {
        if (limit is < 1 or > DatasetHistory.MaxLength)
        {
            return Problems.BadRequest(ErrorCodes.InvalidPaging, $"limit must be 1 to {DatasetHistory.MaxLength}.");
        }

        return await history.ChainAsync(scope.Id, from, limit, cancellationToken) is { } chain
            ? TypedResults.Ok(chain)
            : Problems.NotFound(ErrorCodes.VersionNotFound, $"No version {from} of {scope.Owner}/{scope.Name}.");
    }

    public static async Task<Results<Ok<VersionComparison>, ProblemHttpResult>> CompareAsync(
        [AsParameters] RepositoryScope scope, string spec, CompareService compare, CancellationToken cancellationToken,
        string? table = null, string? key = null, string? label = null, long offset = 0, int length = 50, string? change = null)
    {
        if (CompareService.Parse(spec) is not var (@base, head))
        {
            return Problems.BadRequest(ErrorCodes.InvalidCompare, $"'{spec}' is not base...head (two version names).");
        }

        if (offset < 0 || length is < 1 or > RowsRequest.MaxLength || change is not (null or "added" or "removed" or "changed"))
        {
            return Problems.BadRequest(ErrorCodes.InvalidPaging,
                $"offset must be ≥ 0, length 1 to {RowsRequest.MaxLength}, change added, removed or changed.");
        }

        try
        {
            var query = new CompareQuery(table, key, label, offset, length, change);
            return await compare.CompareAsync(scope.Id, @base, head, query, cancellationToken) is { } comparison
                ? TypedResults.Ok(comparison)
                : Problems.NotFound(ErrorCodes.VersionNotFound,
                    $"{@base} or {head} is not a published version of {scope.Owner}/{scope.Name}.");
        }
        catch (DatasetException e)
        {
            return e.ToProblem();
        }
    }

    public static ProblemHttpResult ToProblem(this CommitResult result) => result.Outcome switch
    {
        CommitOutcome.Invalid => Problems.Invalid(result.Error!),
        CommitOutcome.ParentNotFound => Problems.Unprocessable(ErrorCodes.ParentNotFound, result.Detail),
        CommitOutcome.TableNotFound => Problems.Unprocessable(ErrorCodes.TableNotFound, result.Detail),
        CommitOutcome.TableNotReady => Problems.Conflict(ErrorCodes.TableNotReady, result.Detail),
        CommitOutcome.BlobsMissing => Problems.Conflict(ErrorCodes.BlobsMissing, result.Detail,
            new Dictionary<string, object?> { ["missing"] = result.Missing }),
        CommitOutcome.Refused => result.Refusal!.ToProblem(),
        CommitOutcome.Version => result.VersionResult!.ToProblem(),
        _ => throw new UnreachableException($"A commit that is {result.Outcome} is not a problem."),
    };
}
