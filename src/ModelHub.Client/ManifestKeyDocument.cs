using System.Text.Json;

namespace ModelHub.Client;

/// <summary>
/// Reads <c>/.well-known/modelhub-manifest-key</c> in both its shapes: one key (<c>keyId</c>, <c>algorithm</c>,
/// <c>key</c>) and, with key rotation, every key that may sign (<c>keys: [{keyId, algorithm, key, status}]</c>, status
/// <c>current</c> or <c>previous</c>). Keys of another algorithm than Ed25519 are ignored.
/// </summary>
internal static class ManifestKeyDocument
{
    private const string Algorithm = "ed25519";

    public static List<ManifestKey> Parse(string json)
    {
        var document = JsonSerializer.Deserialize<Document>(json, ModelHubClient.Json)
            ?? throw new IntegrityException("The server's manifest key document is empty.");
        var keys = new List<ManifestKey>();
        void Add(string? id, string? algorithm, string? key)
        {
            if (id is { Length: > 0 } && key is { Length: > 0 } && (algorithm is null || algorithm == Algorithm)
                && !keys.Exists(k => k.KeyId == id))
            {
                keys.Add(new ManifestKey(id, key));
            }
        }

        Add(document.KeyId, document.Algorithm, document.Key);
        foreach (var entry in document.Keys ?? [])
        {
            Add(entry.KeyId, entry.Algorithm, entry.Key);
        }

        return keys;
    }

    public static string Write(IEnumerable<ManifestKey> keys) =>
        JsonSerializer.Serialize(new Document(null, null, null, keys.Select(k => new Entry(k.KeyId, Algorithm, k.Key, null)).ToList()),
            ModelHubClient.Json);

    private sealed record Document(string? KeyId, string? Algorithm, string? Key, List<Entry>? Keys);

    private sealed record Entry(string? KeyId, string? Algorithm, string? Key, string? Status);
}
