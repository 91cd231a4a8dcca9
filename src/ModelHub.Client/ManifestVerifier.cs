using ModelHub.Contracts.Manifests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace ModelHub.Client;

/// <summary>
/// Checks a manifest before anything uses it: the Ed25519 signature over its exact bytes by a trusted key, that it
/// answers the question asked (repository, channel or version, device), and that it has not expired.
/// Trusted keys are the app's pinned set (<see cref="ModelHubClientOptions.ManifestKeys"/>: nothing else, ever), or
/// the keys the server listed on first use, kept in the cache. A manifest signed by a key not yet trusted that way makes
/// the verifier read the key list once more and trust its new keys only if it still lists a key trusted before (a
/// rotation announces the new key as current and the old one as previous); anything else is refused.
/// </summary>
internal sealed class ManifestVerifier(HttpClient http, ModelCache cache, ModelHubClientOptions options)
{
    private static readonly char[] Equal = ['='];

    private List<ManifestKey>? _keys;

    public async Task VerifyAsync(byte[] body, string? header, CancellationToken cancellationToken)
    {
        if (header is null)
        {
            throw new IntegrityException("The manifest is not signed.");
        }

        var fields = header.Split(',').Select(p => p.Trim().Split(Equal, 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('"'));
        if (!fields.TryGetValue("keyid", out var keyId) || !fields.TryGetValue("sig", out var signature))
        {
            throw new IntegrityException($"The manifest's signature header is malformed: {header}");
        }

        var key = await KeyAsync(keyId, cancellationToken);
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(Convert.FromBase64String(key.Key), 0));
        verifier.BlockUpdate(body, 0, body.Length);
        if (!verifier.VerifySignature(Convert.FromBase64String(signature)))
        {
            throw new IntegrityException("The manifest's signature does not match its bytes: it was changed after the server signed it.");
        }
    }

    /// <summary>Refuses a manifest that answers another question, or whose time is over (within the allowed clock skew).</summary>
    public void CheckAnswers(Manifest manifest, ManifestRequest asked)
    {
        if (manifest.Request is not { } answered || manifest.IssuedAt is not { } issued || manifest.ExpiresAt is not { } expires)
        {
            throw new IntegrityException("The manifest does not say what it answers or until when: refused.");
        }

        if (answered != asked)
        {
            throw new IntegrityException(
                $"The manifest answers another request ({Describe(answered)}), not {Describe(asked)}: refused.");
        }

        var now = options.UtcNow();
        if (expires < now - options.ManifestClockSkew || issued > now + options.ManifestClockSkew)
        {
            throw new IntegrityException(
                $"The manifest was issued {issued:u} and expired {expires:u}; it is {now:u} here: refused as stale or replayed.");
        }
    }

    public static bool IsFresh(Manifest manifest, ModelHubClientOptions options) =>
        manifest.ExpiresAt is { } expires && expires >= options.UtcNow() - options.ManifestClockSkew;

    private static string Describe(ManifestRequest r) =>
        $"{r.Repository} {(r.Version is not null ? "@" + r.Version : ":" + r.Channel)} for [{r.Device}]";

    private async Task<ManifestKey> KeyAsync(string keyId, CancellationToken cancellationToken)
    {
        if (options.ManifestKeys is { } pinned)
        {
            return pinned.FirstOrDefault(k => k.KeyId == keyId)
                ?? throw new IntegrityException($"The manifest is signed by key '{keyId}', which is not one of the app's pinned keys.");
        }

        var path = cache.KeyPath(http.BaseAddress!);
        _keys ??= File.Exists(path) ? ManifestKeyDocument.Parse(File.ReadAllText(path)) : [];
        if (_keys.Find(k => k.KeyId == keyId) is { } known)
        {
            return known;
        }

        var listed = await FetchKeysAsync(cancellationToken);
        if (_keys.Count > 0 && !listed.Exists(k => _keys.Exists(t => t.KeyId == k.KeyId && t.Key == k.Key)))
        {
            throw new IntegrityException(
                $"The manifest is signed by key '{keyId}' and the server no longer lists any key trusted before: refused.");
        }

        _keys = _keys.Concat(listed.Where(k => !_keys.Exists(t => t.KeyId == k.KeyId))).ToList();
        ModelCache.WriteAtomically(path, ManifestKeyDocument.Write(_keys));
        return _keys.Find(k => k.KeyId == keyId)
            ?? throw new IntegrityException($"The manifest is signed by key '{keyId}', which the server does not list.");
    }

    private async Task<List<ManifestKey>> FetchKeysAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(ApiPaths.ManifestKey, cancellationToken);
        await ModelHubClient.EnsureSuccessAsync(response, cancellationToken);
        return ManifestKeyDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
