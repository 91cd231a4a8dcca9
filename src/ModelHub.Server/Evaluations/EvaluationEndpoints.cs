using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Datasets;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Datasets;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Rows;
using ModelHub.Server.Blobs;
using ModelHub.Server.Datasets;
using ModelHub.Server.Downloads;
using ModelHub.Server.Http;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// Evaluations of a model version on a dataset version's table: start one (spec in the body, or the version's declared
/// <c>evaluation.json</c>), list and read them (progress, results per tier, the gate), their per-example predictions (the
/// Parquet blob, or pages of it like a table's rows), and their suspected labels, which a writer accepts as a dataset
/// commit. On a dataset version the same routes read the evaluations that read it: the list is its leaderboard, and
/// suspects are accepted there by a writer of the dataset.
/// </summary>
public static class EvaluationEndpoints
{
    public static IEndpointRouteBuilder MapEvaluationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = RepositoryScope.MapGroup(routes, "/versions/{version}/evaluations").WithTags("Evaluations");
        group.MapPost("", CreateAsync).WithName("CreateEvaluation")
            .WithSummary("Evaluate every tier of a model version on a dataset table (dataset, table override the spec's); answers 202.");
        group.MapGet("", ListAsync).WithName("ListEvaluations")
            .WithSummary("The evaluations of a model version, or (on a dataset version) the leaderboard of models evaluated on it.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetEvaluation")
            .WithSummary("An evaluation's state, progress, results per tier and gate verdict.");
        group.MapGet("/{id:long}/predictions", PredictionsAsync).WithName("GetEvaluationPredictions").ProducesBlob()
            .WithSummary("The per-example predictions as Parquet (row, key, tier, label, predicted, probabilities, loss).");
        group.MapGet("/{id:long}/predictions/rows", PredictionRowsAsync).WithName("GetEvaluationPredictionRows")
            .WithSummary("A page of the per-example predictions (offset, length ≤ 100, filter), like a table's rows.");
        group.MapGet("/{id:long}/suspects", SuspectsAsync).WithName("ListSuspectedLabels")
            .WithSummary("Rows whose given label the reference tier finds implausible, most implausible first, with suggestions.");
        group.MapPost("/{id:long}/suspects", AcceptAsync).WithName("AcceptSuspectedLabels")
            .WithSummary("Accept suggested (or edited) labels: commits them to the dataset, noting the evaluation.");
        return routes;
    }

    public static async Task<Results<Accepted<EvaluationInfo>, ProblemHttpResult>> CreateAsync(
        [AsParameters] RepositoryScope scope, string version, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] EvaluationSpec? spec,
        EvaluationService evaluations, CancellationToken cancellationToken, string? dataset = null, string? table = null)
    {
        var result = await evaluations.CreateAsync(scope.Repository, scope.Caller, version, spec, dataset, table, cancellationToken);
        return result.Value is { } info
            ? TypedResults.Accepted($"{scope.Path}/versions/{version}/evaluations/{info.Id}", info)
            : result.ToProblem();
    }

    public static async Task<Results<Ok<List<EvaluationInfo>>, ProblemHttpResult>> ListAsync(
        [AsParameters] RepositoryScope scope, string version, EvaluationService evaluations, CancellationToken cancellationToken)
    {
        var result = await evaluations.ListAsync(scope.Repository, scope.Caller, version, cancellationToken);
        return result.Value is { } list ? TypedResults.Ok(list) : result.ToProblem();
    }

    public static async Task<Results<Ok<EvaluationInfo>, ProblemHttpResult>> GetAsync(
        [AsParameters] RepositoryScope scope, string version, long id, EvaluationService evaluations, CancellationToken cancellationToken)
    {
        var result = await evaluations.FindAsync(scope.Repository, scope.Caller, version, id, cancellationToken);
        return result.Value is { } evaluation ? TypedResults.Ok(evaluation.AsInfo()) : result.ToProblem();
    }

    public static async Task<Results<BlobResult, ProblemHttpResult>> PredictionsAsync(
        [AsParameters] RepositoryScope scope, string version, long id, EvaluationService evaluations, ModelHubDbContext db,
        CancellationToken cancellationToken)
    {
        var result = await evaluations.FindAsync(scope.Repository, scope.Caller, version, id, cancellationToken);
        if (result.Value?.PredictionsDigest is not { } digest || !Sha256Digest.TryParse(digest, out var parsed))
        {
            return result.Value is null ? result.ToProblem() : NotDone(id);
        }

        var size = await db.Blobs.Where(b => b.Digest == digest).Select(b => b.Size).SingleAsync(cancellationToken);
        scope.Http.Response.Headers.ContentDisposition = $"attachment; filename=evaluation-{id}-predictions.parquet";
        return new BlobResult(parsed, size, "application/vnd.apache.parquet",
            DownloadEndpoints.VersionPathCacheControl(scope.Repository.IsPrivate));
    }

    public static async Task<Results<Ok<TableRows>, ProblemHttpResult>> PredictionRowsAsync(
        [AsParameters] RepositoryScope scope, string version, long id, EvaluationService evaluations, ModelHubDbContext db,
        TableCache cache, TableReader reader, CancellationToken cancellationToken, long offset = 0, int length = RowsRequest.MaxLength,
        string? filter = null)
    {
        if (offset < 0 || length is < 1 or > RowsRequest.MaxLength)
        {
            return Problems.BadRequest(ErrorCodes.InvalidPaging, $"offset must be ≥ 0 and length 1 to {RowsRequest.MaxLength}.");
        }

        var result = await evaluations.FindAsync(scope.Repository, scope.Caller, version, id, cancellationToken);
        if (result.Value?.PredictionsDigest is not { } digest)
        {
            return result.Value is null ? result.ToProblem() : NotDone(id);
        }

        var size = await db.Blobs.Where(b => b.Digest == digest).Select(b => b.Size).SingleAsync(cancellationToken);
        using var lease = await cache.AcquireAsync(digest, size, ".parquet", cancellationToken);
        try
        {
            var request = new RowsRequest(offset, length, Filter: string.IsNullOrWhiteSpace(filter) ? null : filter);
            return TypedResults.Ok(await reader.RowsAsync(lease.Path, request, cancellationToken));
        }
        catch (DatasetException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<SuspectList>, ProblemHttpResult>> SuspectsAsync(
        [AsParameters] RepositoryScope scope, string version, long id, EvaluationService evaluations, CancellationToken cancellationToken,
        long offset = 0, int length = 100)
    {
        if (offset < 0 || length is < 1 or > SuspectService.MaxLength)
        {
            return Problems.BadRequest(ErrorCodes.InvalidPaging, $"offset must be ≥ 0 and length 1 to {SuspectService.MaxLength}.");
        }

        var result = await evaluations.FindAsync(scope.Repository, scope.Caller, version, id, cancellationToken);
        if (result.Value is not { } evaluation)
        {
            return result.ToProblem();
        }

        var page = SuspectService.Page(evaluation, offset, length);
        return page.Value is { } list ? TypedResults.Ok(list) : page.ToProblem();
    }

    public static async Task<Results<Created<AcceptedSuspects>, ProblemHttpResult>> AcceptAsync(
        [AsParameters] RepositoryScope scope, string version, long id, AcceptSuspectsRequest request, EvaluationService evaluations,
        SuspectService suspects, CancellationToken cancellationToken)
    {
        var result = await evaluations.FindAsync(scope.Repository, scope.Caller, version, id, cancellationToken);
        if (result.Value is not { } evaluation)
        {
            return result.ToProblem();
        }

        var accepted = await suspects.AcceptAsync(evaluation, scope.Caller, request, cancellationToken);
        if (accepted.Value is not { } done)
        {
            return accepted.ToProblem();
        }

        var (owner, name) = (done.Dataset.Split('/')[0], done.Dataset.Split('/')[1]);
        return TypedResults.Created($"/v1/datasets/{owner}/{name}/versions/{done.Version}", done);
    }

    private static ProblemHttpResult NotDone(long id) =>
        Problems.Conflict(ErrorCodes.EvaluationNotDone, $"Evaluation {id} has no predictions yet (or it failed).");
}
