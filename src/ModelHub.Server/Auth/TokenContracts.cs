using ModelHub.Core.Entities;

namespace ModelHub.Server.Auth;

public sealed record CreateTokenRequest(string? Name, List<string>? Scopes, List<string>? Owners, DateTimeOffset? ExpiresAt);

/// <summary>A token as listed: never its secret.</summary>
public sealed record TokenInfo(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, IReadOnlyList<string> Owners,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>A token just created: the only time its secret is shown.</summary>
public sealed record CreatedToken(TokenInfo Info, string Token);

public static class TokenMapping
{
    public static TokenInfo AsInfo(this ApiToken t) =>
        new(t.Id, t.Name, t.Prefix, t.Scopes, t.Owners, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedAt);
}
