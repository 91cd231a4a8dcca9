namespace ModelHub.Contracts.Manifests;

// The keys that sign manifests (/.well-known/modelhub-manifest-key): the current key's id, algorithm and base64 Ed25519
// public key at the top (what clients pinned before rotation existed), and in Keys every key a client may accept,
// the current one and those it replaced, by id.
// (Line comments, not XML docs: the API document has no description for this schema.)
public sealed record PublicKey(string KeyId, string Algorithm, string Key)
{
    public IReadOnlyList<ManifestKey>? Keys { get; init; }
}
