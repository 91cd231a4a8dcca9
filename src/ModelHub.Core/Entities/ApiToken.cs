namespace ModelHub.Core.Entities;

/// <summary>A bearer token. Only the sha256 of the secret is stored; the secret is shown once.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Lowercase hex sha256 of the token secret.</summary>
    public required string SecretHash { get; set; }
    /// <summary>The first characters of the secret, to tell tokens apart in listings.</summary>
    public required string Prefix { get; set; }
    public List<string> Scopes { get; set; } = [];
    /// <summary>Owners the token acts on; <c>*</c> means every owner.</summary>
    public List<string> Owners { get; set; } = [];
    public required string CreatedBy { get; set; }
    /// <summary>
    /// The token that minted this one (null when the bootstrap admin token did): a token never outlives its parent nor
    /// acts once the parent is revoked.
    /// </summary>
    public long? ParentId { get; set; }
    public ApiToken? Parent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
