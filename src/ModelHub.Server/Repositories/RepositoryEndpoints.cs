using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Contracts.Repositories;
using ModelHub.Server.Auth;
using ModelHub.Server.Http;

namespace ModelHub.Server.Repositories;

public static class RepositoryEndpoints
{
    public static IEndpointRouteBuilder MapRepositoryEndpoints(this IEndpointRouteBuilder routes)
    {
        var kind = routes.MapGroup($"/v1/{RepositoryKinds.RouteSegment}").WithTags("Repositories");
        kind.MapPost("", CreateAsync).WithName("CreateRepository").WithSummary("Create a model or dataset repository.");
        kind.MapGet("", ListAsync).WithName("ListRepositories")
            .WithSummary("List repositories, newest first, with a text filter and paging.");
        var repository = RepositoryScope.MapGroup(routes, "").WithTags("Repositories");
        repository.MapGet("", GetAsync).WithName("GetRepository").WithSummary("Get a repository.");
        repository.MapPatch("", UpdateAsync)
            .WithName("UpdateRepository").WithSummary("Update a repository's description, card, tags or visibility.");
        repository.MapDelete("", DeleteAsync).WithName("DeleteRepository")
            .WithSummary("Delete a repository and its versions (blobs are collected later).");
        return routes;
    }

    public static async Task<Results<Created<RepositoryInfo>, ProblemHttpResult>> CreateAsync(
        string kind, CreateRepositoryRequest request, HttpContext http, RepositoryService repositories, CancellationToken cancellationToken)
    {
        var result = await repositories.CreateAsync(kind, request, Caller.From(http.User), cancellationToken);
        return result.Repository is { } created
            ? TypedResults.Created($"/v1/{kind}/{created.Owner.Name}/{created.Name}", created.AsInfo(created.Owner.Name, null))
            : result.ToProblem();
    }

    public static async Task<Results<Ok<RepositoryPage>, ProblemHttpResult>> ListAsync(
        string kind, HttpContext http, RepositoryService repositories, CancellationToken cancellationToken,
        string? q = null, string? owner = null, int page = 1, int pageSize = 20)
    {
        if (RepositoryService.ValidatePaging(page, pageSize) is { } invalid)
        {
            return Problems.Invalid(invalid);
        }

        var caller = Caller.From(http.User);
        var found = await repositories.ListAsync(RepositoryKinds.Parse(kind), caller, q, owner, page, pageSize, cancellationToken);
        return TypedResults.Ok(found);
    }

    public static async Task<Ok<RepositoryInfo>> GetAsync(
        [AsParameters] RepositoryScope scope, RepositoryService repositories, CancellationToken cancellationToken) =>
        TypedResults.Ok(scope.Repository.AsInfo(scope.Owner, await repositories.LatestPublishedAsync(scope.Id, cancellationToken)));

    public static async Task<Results<Ok<RepositoryInfo>, ProblemHttpResult>> UpdateAsync(
        [AsParameters] RepositoryScope scope, UpdateRepositoryRequest request, RepositoryService repositories,
        CancellationToken cancellationToken)
    {
        var result = await repositories.UpdateAsync(scope.Repository, request, cancellationToken);
        return result.Outcome == RepositoryOutcome.Updated
            ? TypedResults.Ok(scope.Repository.AsInfo(scope.Owner, null))
            : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        [AsParameters] RepositoryScope scope, RepositoryService repositories, CancellationToken cancellationToken)
    {
        var result = await repositories.DeleteAsync(scope.Repository, cancellationToken);
        return result.Outcome == RepositoryOutcome.Deleted ? TypedResults.NoContent() : result.ToProblem();
    }

    public static ProblemHttpResult ToProblem(this RepositoryResult result) => result.Outcome switch
    {
        RepositoryOutcome.Invalid => Problems.Invalid(result.Error!),
        RepositoryOutcome.Unauthenticated => Problems.Unauthorized(),
        RepositoryOutcome.Forbidden => Problems.Forbidden(result.Detail),
        RepositoryOutcome.Exists => Problems.Conflict(ErrorCodes.RepositoryExists, result.Detail),
        RepositoryOutcome.NameTaken => Problems.Conflict(ErrorCodes.NameTaken, result.Detail),
        RepositoryOutcome.InUse => Problems.Conflict(ErrorCodes.VersionInUse, result.Detail),
        _ => throw new UnreachableException($"A repository that was {result.Outcome} is not a problem."),
    };
}
