namespace ModelHub.Client;

/// <summary>
/// An Ed25519 key that may sign manifests: its id (as <c>ModelHub-Signature</c> names it) and the raw 32-byte public
/// key in base64, as <c>/.well-known/modelhub-manifest-key</c> lists them.
/// </summary>
public sealed record ManifestKey(string KeyId, string Key);
