using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Naming;
using ModelHub.Server.Infrastructure;

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
        CreateTokenRequest request, HttpContext http, ModelHubDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 128)
        {
            return Problems.BadRequest(ErrorCodes.InvalidField, "A token needs a name of 1 to 128 characters.");
        }

        var scopes = (request.Scopes ?? [Scopes.Read]).Distinct().ToList();
        if (scopes.Count == 0 || scopes.Any(s => !Scopes.All.Contains(s)))
        {
            return Problems.BadRequest(ErrorCodes.InvalidScope, $"Scopes must be among: {string.Join(", ", Scopes.All)}.");
        }

        var owners = (request.Owners ?? []).Distinct().ToList();
        if (owners.Count == 0 || owners.Any(o => o != Scopes.AllOwners && !Names.IsValidName(o)))
        {
            return Problems.BadRequest(ErrorCodes.InvalidField, "A token needs one or more owners (owner names, or '*' for all).");
        }

        if (request.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
        {
            return Problems.BadRequest(ErrorCodes.InvalidField, "expiresAt is in the past.");
        }

        // A token can mint tokens no stronger than itself.
        if (!caller.IsSuperAdmin && (scopes.Any(s => !Scopes.Covers(caller.Scopes, s)) || owners.Any(o => !caller.Owners.Contains(o) && !caller.Owners.Contains(Scopes.AllOwners))))
        {
            return Problems.Forbidden("A token can only create tokens with scopes and owners it has itself.");
        }

        var secret = TokenSecrets.Generate();
        var token = new ApiToken
        {
            Name = name,
            SecretHash = TokenSecrets.Hash(secret),
            Prefix = secret[..10],
            Scopes = scopes,
            Owners = owners,
            CreatedBy = caller.Subject!,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
        };
        db.Tokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/tokens/{token.Id}", new CreatedToken(token.AsInfo(), secret));
    }

    public static async Task<Results<Ok<List<TokenInfo>>, ProblemHttpResult>> ListTokensAsync(
        HttpContext http, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var query = db.Tokens.AsNoTracking();
        if (!caller.IsSuperAdmin)
        {
            var self = caller.Subject!;
            query = query.Where(t => t.CreatedBy == self || "token:" + t.Id == self);
        }

        var tokens = await query.OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(tokens.Select(t => t.AsInfo()).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(
        long id, HttpContext http, ModelHubDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        var token = await db.Tokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null || !(caller.IsSuperAdmin || token.CreatedBy == caller.Subject || caller.Subject == $"token:{id}"))
        {
            return Problems.NotFound(ErrorCodes.TokenNotFound, $"No token {id} that you manage.");
        }

        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
