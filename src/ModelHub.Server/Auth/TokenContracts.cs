using ModelHub.Core.Entities;

namespace ModelHub.Server.Auth;

public static class TokenMapping
{
    public static TokenInfo AsInfo(this ApiToken t) =>
        new(t.Id, t.Name, t.Prefix, t.Scopes, t.Owners, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedAt);
}
