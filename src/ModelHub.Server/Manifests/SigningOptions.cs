namespace ModelHub.Server.Manifests;

public sealed class SigningOptions
{
    public const string Section = "ModelHub:Signing";

    /// <summary>
    /// The Ed25519 private key (32-byte seed, base64). When empty, a key is generated on first start and kept in the
    /// database so every replica signs with the same key.
    /// </summary>
    public string? PrivateKey { get; set; }
}
