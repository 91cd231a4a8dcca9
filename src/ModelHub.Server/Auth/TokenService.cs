using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Naming;

namespace ModelHub.Server.Auth;

/// <summary>
/// Creates, lists and revokes tokens: a token manages itself and the tokens it created, an admin over some owners the
/// tokens over them, the admin over every owner all (see <see cref="TokenAccess.CanManage"/>).
/// </summary>
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

        // A token can mint tokens no stronger than itself, that expire no later, and that die with it.
        if (!caller.IsSuperAdmin && (scopes.Any(s => !Scopes.Covers(caller.Scopes, s)) || owners.Any(o => !caller.CoversOwner(o))))
        {
            return new(TokenOutcome.Forbidden, "A token can only create tokens with scopes and owners it has itself.");
        }

        var parent = caller.TokenId is { } parentId
            ? await db.Tokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == parentId, cancellationToken)
            : null;
        var expiresAt = request.ExpiresAt?.ToUniversalTime() ?? parent?.ExpiresAt;
        if (parent?.ExpiresAt is { } limit && expiresAt > limit)
        {
            return new(TokenOutcome.Forbidden, $"A token cannot outlive the token that creates it, which expires at {limit:O}.");
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
            ParentId = parent?.Id,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = expiresAt,
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

        var query = db.Tokens.AsNoTracking().OrderBy(t => t.Id);
        if (caller.IsSuperAdmin)
        {
            return new(TokenOutcome.Listed, Tokens: await query.ToListAsync(cancellationToken));
        }

        if (caller.Scopes.Contains(Scopes.Admin))
        {
            // An admin over some owners manages the tokens over them: owner lists are filtered here (tokens are few).
            var all = await query.ToListAsync(cancellationToken);
            return new(TokenOutcome.Listed, Tokens: all.Where(caller.CanManage).ToList());
        }

        var self = caller.Subject!;
        var id = caller.TokenId;
        return new(TokenOutcome.Listed, Tokens: await query.Where(t => t.CreatedBy == self || t.Id == id).ToListAsync(cancellationToken));
    }

    private static TokenResult Invalid(string code, string detail) => new(TokenOutcome.Invalid, Error: new(code, detail));

    public async Task<TokenResult> RevokeAsync(Caller caller, long id, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAuthenticated)
        {
            return new(TokenOutcome.Unauthenticated);
        }

        var token = await db.Tokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null || !caller.CanManage(token))
        {
            return new(TokenOutcome.NotFound, $"No token {id} that you manage.");
        }

        var now = clock.GetUtcNow();
        token.RevokedAt ??= now;
        await db.SaveChangesAsync(cancellationToken);
        // What it minted goes with it (authentication checks the ancestors too, so a token minted meanwhile is refused).
        await TokenAccess.RevokeDescendantsAsync(db, id, now, cancellationToken);
        return new(TokenOutcome.Revoked);
    }
}
