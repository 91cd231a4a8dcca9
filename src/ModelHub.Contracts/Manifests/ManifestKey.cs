namespace ModelHub.Contracts.Manifests;

// One manifest-signing key: its id (as in the signature's keyid), algorithm, base64 public key, and status: "current"
// (signs new manifests) or "previous" (signed earlier ones, still valid). CreatedAt is null for keys from configuration.
public sealed record ManifestKey(string KeyId, string Algorithm, string Key, string Status, DateTimeOffset? CreatedAt)
{
    public const string Current = "current";
    public const string Previous = "previous";
}
