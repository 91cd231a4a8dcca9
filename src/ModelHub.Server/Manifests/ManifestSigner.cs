using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace ModelHub.Server.Manifests;

/// <summary>Signs manifest bodies with Ed25519 so clients can trust them through any cache or CDN.</summary>
public sealed class ManifestSigner(IServiceScopeFactory scopes, IOptions<SigningOptions> options, TimeProvider clock) : IDisposable
{
    public const string Algorithm = "ed25519";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string KeyId, Ed25519PrivateKeyParameters Private, byte[] Public)? _key;

    public async Task<PublicKey> GetPublicKeyAsync(CancellationToken cancellationToken = default)
    {
        var key = await KeyAsync(cancellationToken);
        return new PublicKey(key.KeyId, Algorithm, Convert.ToBase64String(key.Public));
    }

    /// <summary>The value of the <c>ModelHub-Signature</c> header for <paramref name="body"/>.</summary>
    public async Task<string> SignAsync(byte[] body, CancellationToken cancellationToken = default)
    {
        var key = await KeyAsync(cancellationToken);
        var signer = new Ed25519Signer();
        signer.Init(true, key.Private);
        signer.BlockUpdate(body, 0, body.Length);
        return $"keyid=\"{key.KeyId}\", alg=\"{Algorithm}\", sig=\"{Convert.ToBase64String(signer.GenerateSignature())}\"";
    }

    public void Dispose() => _gate.Dispose();

    public static bool Verify(byte[] publicKey, byte[] body, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(body, 0, body.Length);
        return verifier.VerifySignature(signature);
    }

    private async Task<(string KeyId, Ed25519PrivateKeyParameters Private, byte[] Public)> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            _key ??= Load(options.Value.PrivateKey is { Length: > 0 } configured
                ? Convert.FromBase64String(configured)
                : await StoredSeedAsync(cancellationToken));
            return _key.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static (string, Ed25519PrivateKeyParameters, byte[]) Load(byte[] seed)
    {
        var key = new Ed25519PrivateKeyParameters(seed);
        var publicKey = key.GeneratePublicKey().GetEncoded();
        return (Convert.ToHexStringLower(SHA256.HashData(publicKey))[..16], key, publicKey);
    }

    /// <summary>The stored key, created by whichever replica gets there first (the row id is fixed, so only one insert wins).</summary>
    private async Task<byte[]> StoredSeedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        if (await db.SigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == 1, cancellationToken) is { } stored)
        {
            return Convert.FromBase64String(stored.PrivateKey);
        }

        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var seed = ((Ed25519PrivateKeyParameters)pair.Private).GetEncoded();
        var (keyId, _, publicKey) = Load(seed);
        db.SigningKeys.Add(new SigningKey
        {
            Id = 1,
            KeyId = keyId,
            PrivateKey = Convert.ToBase64String(seed),
            PublicKey = Convert.ToBase64String(publicKey),
            CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return seed;
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            var winner = await db.SigningKeys.AsNoTracking().SingleAsync(k => k.Id == 1, cancellationToken);
            return Convert.FromBase64String(winner.PrivateKey);
        }
    }
}
