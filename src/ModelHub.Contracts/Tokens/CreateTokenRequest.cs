namespace ModelHub.Contracts.Tokens;

public sealed record CreateTokenRequest(string? Name, List<string>? Scopes, List<string>? Owners, DateTimeOffset? ExpiresAt);
