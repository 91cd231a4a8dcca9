using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace ModelHub.Server.Manifests;

/// <summary>An Ed25519 key that signs (or signed) manifests; its id is the first 16 hex digits of the public key's sha256.</summary>
public sealed record ManifestKeyPair(string KeyId, Ed25519PrivateKeyParameters Private, byte[] Public, DateTimeOffset? CreatedAt)
{
    public static ManifestKeyPair FromSeed(byte[] seed, DateTimeOffset? createdAt = null)
    {
        var key = new Ed25519PrivateKeyParameters(seed);
        var publicKey = key.GeneratePublicKey().GetEncoded();
        return new(Convert.ToHexStringLower(SHA256.HashData(publicKey))[..16], key, publicKey, createdAt);
    }

    public static ManifestKeyPair Generate(DateTimeOffset createdAt)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return FromSeed(((Ed25519PrivateKeyParameters)generator.GenerateKeyPair().Private).GetEncoded(), createdAt);
    }

    /// <summary>A base64 32-byte seed from configuration, or what is wrong with it.</summary>
    public static byte[] ParseSeed(string base64, string setting)
    {
        var seed = new byte[32];
        return Convert.TryFromBase64String(base64, seed, out var written) && written == 32
            ? seed
            : throw new InvalidOperationException($"{setting} is not an Ed25519 seed (32 bytes in base64).");
    }

    public ManifestKey Describe(string status) =>
        new(KeyId, ManifestSigner.Algorithm, Convert.ToBase64String(Public), status, CreatedAt);
}
