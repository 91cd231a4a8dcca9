using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Server.Http;

namespace ModelHub.Server.Auth;

public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tokens").WithTags("Tokens");
        group.MapPost("", CreateTokenAsync).WithName("CreateToken").WithSummary("Create a token; its secret is returned once.");
        group.MapGet("", ListTokensAsync).WithName("ListTokens").WithSummary("List the tokens the caller manages.");
        group.MapDelete("/{id:long}", RevokeTokenAsync).WithName("RevokeToken").WithSummary("Revoke a token.");
        return routes;
    }

    public static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> CreateTokenAsync(
        CreateTokenRequest request, HttpContext http, TokenService tokens, CancellationToken cancellationToken)
    {
        var result = await tokens.CreateAsync(Caller.From(http.User), request, cancellationToken);
        return result.Created is { } created ? TypedResults.Created($"/v1/tokens/{created.Info.Id}", created) : result.ToProblem();
    }

    public static async Task<Results<Ok<List<TokenInfo>>, ProblemHttpResult>> ListTokensAsync(
        HttpContext http, TokenService tokens, CancellationToken cancellationToken)
    {
        var result = await tokens.ListAsync(Caller.From(http.User), cancellationToken);
        return result.Outcome == TokenOutcome.Listed
            ? TypedResults.Ok(result.Tokens!.Select(t => t.AsInfo()).ToList())
            : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(
        long id, HttpContext http, TokenService tokens, CancellationToken cancellationToken)
    {
        var result = await tokens.RevokeAsync(Caller.From(http.User), id, cancellationToken);
        return result.Outcome == TokenOutcome.Revoked ? TypedResults.NoContent() : result.ToProblem();
    }

    /// <summary>The problem answering a token operation that did nothing (the web catalog's token page shows it too).</summary>
    public static ProblemHttpResult ToProblem(this TokenResult result) => result.Outcome switch
    {
        TokenOutcome.Unauthenticated => Problems.Unauthorized(),
        TokenOutcome.Invalid => Problems.Invalid(result.Error!),
        TokenOutcome.Forbidden => Problems.Forbidden(result.Detail),
        TokenOutcome.NotFound => Problems.NotFound(ErrorCodes.TokenNotFound, result.Detail),
        _ => throw new UnreachableException($"A token operation that {result.Outcome} is not a problem."),
    };
}
