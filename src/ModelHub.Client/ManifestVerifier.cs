using System.Text.Json;
using ModelHub.Contracts.Manifests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace ModelHub.Client;

/// <summary>
/// Checks the Ed25519 signature of manifests against the server's published key. The key is pinned in the cache on
/// first use, so a later manifest signed by another key (a tampering cache or CDN) is refused.
/// </summary>
internal sealed class ManifestVerifier(HttpClient http, ModelCache cache)
{
    private static readonly char[] Equal = ['='];

    private (string KeyId, byte[] Key)? _key;

    public async Task VerifyAsync(byte[] body, string? header, CancellationToken cancellationToken)
    {
        if (header is null)
        {
            throw new IntegrityException("The manifest is not signed.");
        }

        var fields = header.Split(',').Select(p => p.Trim().Split(Equal, 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('"'));
        var (keyId, key) = await KeyAsync(cancellationToken);
        if (!fields.TryGetValue("keyid", out var signedBy) || signedBy != keyId || !fields.TryGetValue("sig", out var signature))
        {
            throw new IntegrityException(
                $"The manifest is signed by key '{signedBy}', not the server's pinned key '{keyId}'.");
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(key, 0));
        verifier.BlockUpdate(body, 0, body.Length);
        if (!verifier.VerifySignature(Convert.FromBase64String(signature)))
        {
            throw new IntegrityException("The manifest's signature does not match its bytes: it was changed after the server signed it.");
        }
    }

    private async Task<(string, byte[])> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known)
        {
            return known;
        }

        var pinned = cache.KeyPath(http.BaseAddress!);
        string json;
        if (File.Exists(pinned))
        {
            json = File.ReadAllText(pinned);
        }
        else
        {
            using var response = await http.GetAsync(ApiPaths.ManifestKey, cancellationToken);
            await ModelHubClient.EnsureSuccessAsync(response, cancellationToken);
            json = await response.Content.ReadAsStringAsync();
            ModelCache.WriteAtomically(pinned, json);
        }

        var published = JsonSerializer.Deserialize<PublicKey>(json, ModelHubClient.Json)
            ?? throw new IntegrityException("The server's manifest key is empty.");
        (string, byte[]) key = (published.KeyId, Convert.FromBase64String(published.Key));
        _key = key;
        return key;
    }
}
