namespace ModelHub.Contracts.Manifests;

// The key that signs manifests (/.well-known/modelhub-manifest-key): a base64 Ed25519 public key and its id.
// (A line comment, not XML docs: the API document has no description for this schema.)
public sealed record PublicKey(string KeyId, string Algorithm, string Key);
