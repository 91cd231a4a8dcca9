using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Auth;

/// <summary>
/// The rules of the token tree: who manages a token, and whether a token may still act. A token is bounded by the token
/// that minted it: it acts only while every token above it is neither revoked nor expired.
/// </summary>
public static class TokenAccess
{
    /// <summary>A token minted by another is never this many levels deep (a cycle cannot exist; the bound keeps a lookup finite).</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// Whether <paramref name="caller"/> may list and revoke <paramref name="token"/>: the admin over every owner; the token
    /// itself and the one that minted it; an admin over owners that cover every owner of the token.
    /// </summary>
    public static bool CanManage(this Caller caller, ApiToken token) =>
        caller.IsSuperAdmin
        || caller.TokenId == token.Id
        || token.CreatedBy == caller.Subject
        || (caller.Scopes.Contains(Scopes.Admin) && token.Owners.Count > 0
            && token.Owners.All(o => o != Scopes.AllOwners && caller.CoversOwner(o)));

    /// <summary>True when every ancestor of <paramref name="token"/> is neither revoked nor expired at <paramref name="now"/>.</summary>
    public static async Task<bool> AncestorsActiveAsync(ModelHubDbContext db, ApiToken token, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var parentId = token.ParentId;
        for (var depth = 0; parentId is { } id; depth++)
        {
            var parent = await db.Tokens.AsNoTracking().Where(t => t.Id == id)
                .Select(t => new { t.ParentId, t.RevokedAt, t.ExpiresAt }).SingleOrDefaultAsync(cancellationToken);
            if (parent is null || parent.RevokedAt is not null || parent.ExpiresAt <= now || depth >= MaxDepth)
            {
                return false;
            }

            parentId = parent.ParentId;
        }

        return true;
    }

    /// <summary>Revokes every token below the token <paramref name="id"/> (what it minted, and what those minted …).</summary>
    public static async Task RevokeDescendantsAsync(ModelHubDbContext db, long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<long> level = [id];
        for (var depth = 0; level.Count > 0 && depth < MaxDepth; depth++)
        {
            var parents = level;
            level = await db.Tokens.Where(t => t.ParentId != null && parents.Contains(t.ParentId.Value)).Select(t => t.Id)
                .ToListAsync(cancellationToken);
            await db.Tokens.Where(t => level.Contains(t.Id) && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        }
    }
}
