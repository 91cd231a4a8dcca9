namespace ModelHub.Core.Entities;

/// <summary>The Ed25519 key that signs manifests, generated on first start so every replica signs with the same key.</summary>
public sealed class SigningKey
{
    public long Id { get; set; }
    public required string KeyId { get; set; }
    public required string PrivateKey { get; set; }
    public required string PublicKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
