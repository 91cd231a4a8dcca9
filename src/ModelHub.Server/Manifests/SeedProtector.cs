using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ModelHub.Core.Storage;

namespace ModelHub.Server.Manifests;

/// <summary>
/// Encrypts signing seeds for the database with AES-256-GCM under a key-encryption key kept outside it (configuration,
/// or an owner-only file): whoever can read the database alone cannot sign manifests. The key id is authenticated
/// with each seed, so a seed cannot be moved to another key's row.
/// </summary>
public sealed class SeedProtector(IOptions<SigningOptions> options)
{
    public const string Prefix = "aes-gcm:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Lazy<byte[]> _key = new(() => LoadKey(options.Value));

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Protect(byte[] seed, string keyId)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var sealedSeed = new byte[NonceSize + seed.Length + TagSize];
        nonce.CopyTo(sealedSeed, 0);
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Encrypt(nonce, seed, sealedSeed.AsSpan(NonceSize, seed.Length), sealedSeed.AsSpan(NonceSize + seed.Length),
            Encoding.UTF8.GetBytes(keyId));
        return Prefix + Convert.ToBase64String(sealedSeed);
    }

    /// <summary>The seed; throws when it was encrypted under another key-encryption key (or altered).</summary>
    public byte[] Unprotect(string stored, string keyId)
    {
        var sealedSeed = Convert.FromBase64String(stored[Prefix.Length..]);
        var seed = new byte[sealedSeed.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key.Value, TagSize);
        try
        {
            aes.Decrypt(sealedSeed.AsSpan(0, NonceSize), sealedSeed.AsSpan(NonceSize, seed.Length),
                sealedSeed.AsSpan(NonceSize + seed.Length), seed, Encoding.UTF8.GetBytes(keyId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidOperationException($"The signing key {keyId} in the database was encrypted under another key-encryption "
                + $"key: give this server the same {SigningOptions.Section}:KeyEncryptionKey (or key file) as the others.", e);
        }

        return seed;
    }

    private static byte[] LoadKey(SigningOptions options)
    {
        if (options.KeyEncryptionKey is { Length: > 0 } configured)
        {
            return Decode(configured, $"{SigningOptions.Section}:KeyEncryptionKey");
        }

        var file = Path.GetFullPath(options.KeyEncryptionKeyFile);
        if (!File.Exists(file))
        {
            OwnerOnlyFiles.CreateFolder(Path.GetDirectoryName(file)!);
            try
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = OwnerOnlyFiles.FilePermissions;
                }

                using var writer = new StreamWriter(new FileStream(file, create));
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process created it first: use theirs.
            }
        }

        OwnerOnlyFiles.Restrict(file);
        return Decode(File.ReadAllText(file).Trim(), file);
    }

    private static byte[] Decode(string base64, string source)
    {
        var bytes = new byte[32];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == 32
            ? bytes
            : throw new InvalidOperationException($"The key-encryption key in {source} is not 32 bytes in base64.");
    }
}
