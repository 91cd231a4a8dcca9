using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace ModelHub.Server.Manifests;

/// <summary>
/// Signs manifest bodies with Ed25519 so clients can trust them through any cache or CDN. The current key signs; the
/// keys it replaced stay published (by id) so manifests signed before a rotation still verify. Keys come from
/// configuration when <see cref="SigningOptions.PrivateKey"/> is set, else from the database (<see cref="SigningKeyStore"/>),
/// re-read every <see cref="SigningOptions.RefreshInterval"/> so a rotation made on another replica reaches this one.
/// </summary>
public sealed class ManifestSigner(SigningKeyStore store, IOptions<SigningOptions> options, TimeProvider clock) : IDisposable
{
    public const string Algorithm = "ed25519";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (IReadOnlyList<ManifestKeyPair> Keys, DateTimeOffset LoadedAt)? _keys;

    /// <summary>True when the keys come from configuration (rotate them there).</summary>
    public bool IsConfigured => options.Value.PrivateKey is { Length: > 0 };

    /// <summary>The well-known key document: the current key at the top (as before rotation existed), and every key by id.</summary>
    public async Task<PublicKey> GetPublicKeysAsync(CancellationToken cancellationToken = default)
    {
        var keys = await KeysAsync(cancellationToken);
        var current = keys[0];
        return new PublicKey(current.KeyId, Algorithm, Convert.ToBase64String(current.Public))
        {
            Keys = keys.Select((k, i) => k.Describe(i == 0 ? ManifestKey.Current : ManifestKey.Previous)).ToList(),
        };
    }

    /// <summary>The value of the <c>ModelHub-Signature</c> header for <paramref name="body"/>.</summary>
    public async Task<string> SignAsync(byte[] body, CancellationToken cancellationToken = default)
    {
        var key = (await KeysAsync(cancellationToken))[0];
        var signer = new Ed25519Signer();
        signer.Init(true, key.Private);
        signer.BlockUpdate(body, 0, body.Length);
        return $"keyid=\"{key.KeyId}\", alg=\"{Algorithm}\", sig=\"{Convert.ToBase64String(signer.GenerateSignature())}\"";
    }

    /// <summary>
    /// Makes a new key current (the old one stays published as previous) and returns the new document; null when the keys
    /// come from configuration.
    /// </summary>
    public async Task<PublicKey?> RotateAsync(CancellationToken cancellationToken = default)
    {
        if (IsConfigured)
        {
            return null;
        }

        await store.RotateAsync(cancellationToken);
        _keys = null;
        return await GetPublicKeysAsync(cancellationToken);
    }

    public void Dispose() => _gate.Dispose();

    public static bool Verify(byte[] publicKey, byte[] body, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(body, 0, body.Length);
        return verifier.VerifySignature(signature);
    }

    /// <summary>Every key, the current one first.</summary>
    private async Task<IReadOnlyList<ManifestKeyPair>> KeysAsync(CancellationToken cancellationToken)
    {
        if (_keys is { } known && (IsConfigured || clock.GetUtcNow() - known.LoadedAt < options.Value.RefreshInterval))
        {
            return known.Keys;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_keys is { } loaded && (IsConfigured || clock.GetUtcNow() - loaded.LoadedAt < options.Value.RefreshInterval))
            {
                return loaded.Keys;
            }

            var keys = IsConfigured ? Configured(options.Value) : await store.LoadAsync(cancellationToken);
            _keys = (keys, clock.GetUtcNow());
            return keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static List<ManifestKeyPair> Configured(SigningOptions options) =>
        [.. new[] { options.PrivateKey! }.Concat(options.PreviousKeys)
            .Select((seed, i) => ManifestKeyPair.FromSeed(ManifestKeyPair.ParseSeed(seed,
                i == 0 ? $"{SigningOptions.Section}:PrivateKey" : $"{SigningOptions.Section}:PreviousKeys:{i - 1}")))
            .DistinctBy(k => k.KeyId)];
}
