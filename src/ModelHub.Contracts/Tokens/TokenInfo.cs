namespace ModelHub.Contracts.Tokens;

/// <summary>A token as listed: never its secret.</summary>
public sealed record TokenInfo(long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, IReadOnlyList<string> Owners,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>A token just created: the only time its secret is shown.</summary>
public sealed record CreatedToken(TokenInfo Info, string Token);
