namespace ModelHub.Server.Manifests;

public sealed class SigningOptions
{
    public const string Section = "ModelHub:Signing";

    /// <summary>
    /// The Ed25519 private key (32-byte seed, base64). When set, keys come from configuration only: this one signs, and
    /// <see cref="PreviousKeys"/> lists those it replaced. When empty, a key is generated on first start and kept in the
    /// database, encrypted, so every replica signs with the same key; an admin can rotate it.
    /// </summary>
    public string? PrivateKey { get; set; }

    /// <summary>Seeds (base64) of keys <see cref="PrivateKey"/> replaced: still published, so earlier manifests verify.</summary>
    public List<string> PreviousKeys { get; set; } = [];

    /// <summary>
    /// The AES-256 key (base64, 32 bytes) that encrypts the seeds kept in the database. Every replica needs the same one.
    /// When empty, <see cref="KeyEncryptionKeyFile"/> holds it.
    /// </summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>Where the key-encryption key is kept when not configured: created (mode 0600) on first start.</summary>
    public string KeyEncryptionKeyFile { get; set; } = "data/signing.kek";

    /// <summary>How long a server keeps the key set before reading it again (a rotation on another replica shows within it).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}
