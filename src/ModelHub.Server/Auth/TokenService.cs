using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Naming;

namespace ModelHub.Server.Auth;

/// <summary>Creates, lists and revokes tokens: a token manages the tokens it created and itself; the admin manages all.</summary>
public sealed class TokenService(ModelHubDbContext db, TimeProvider clock)
{
    public const int MaxNameLength = 128;

    public async Task<TokenResult> CreateAsync(Caller caller, CreateTokenRequest request, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAuthenticated)
        {
            return new(TokenOutcome.Unauthenticated);
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return Invalid(ErrorCodes.InvalidField, $"A token needs a name of 1 to {MaxNameLength} characters.");
        }

        var scopes = (request.Scopes ?? [Scopes.Read]).Distinct().ToList();
        if (scopes.Count == 0 || scopes.Any(s => !Scopes.All.Contains(s)))
        {
            return Invalid(ErrorCodes.InvalidScope, $"Scopes must be among: {string.Join(", ", Scopes.All)}.");
        }

        var owners = (request.Owners ?? []).Distinct().ToList();
        if (owners.Count == 0 || owners.Any(o => o != Scopes.AllOwners && !Names.IsValidName(o)))
        {
            return Invalid(ErrorCodes.InvalidField, "A token needs one or more owners (owner names, or '*' for all).");
        }

        if (request.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
        {
            return Invalid(ErrorCodes.InvalidField, "expiresAt is in the past.");
        }

        // A token can mint tokens no stronger than itself.
        if (!caller.IsSuperAdmin && (scopes.Any(s => !Scopes.Covers(caller.Scopes, s)) || owners.Any(o => !caller.CoversOwner(o))))
        {
            return new(TokenOutcome.Forbidden, "A token can only create tokens with scopes and owners it has itself.");
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
        return new(TokenOutcome.Created, Created: new CreatedToken(token.AsInfo(), secret));
    }

    public async Task<TokenResult> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAuthenticated)
        {
            return new(TokenOutcome.Unauthenticated);
        }

        var query = db.Tokens.AsNoTracking();
        if (!caller.IsSuperAdmin)
        {
            var self = caller.Subject!;
            query = query.Where(t => t.CreatedBy == self || "token:" + t.Id == self);
        }

        return new(TokenOutcome.Listed, Tokens: await query.OrderBy(t => t.Id).ToListAsync(cancellationToken));
    }

    private static TokenResult Invalid(string code, string detail) => new(TokenOutcome.Invalid, Error: new(code, detail));

    public async Task<TokenResult> RevokeAsync(Caller caller, long id, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAuthenticated)
        {
            return new(TokenOutcome.Unauthenticated);
        }

        var token = await db.Tokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null || !(caller.IsSuperAdmin || token.CreatedBy == caller.Subject || caller.Subject == $"token:{id}"))
        {
            return new(TokenOutcome.NotFound, $"No token {id} that you manage.");
        }

        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new(TokenOutcome.Revoked);
    }
}
