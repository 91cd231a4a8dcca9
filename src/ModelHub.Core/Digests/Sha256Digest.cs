using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ModelHub.Core.Digests;

/// <summary>A sha256 content digest, written <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
public readonly record struct Sha256Digest
{
    public const string Prefix = "sha256:";

    private Sha256Digest(string hex) => Hex = hex;

    /// <summary>64 lowercase hexadecimal characters.</summary>
    public string Hex { get; }

    public override string ToString() => Prefix + Hex;

    public static Sha256Digest FromHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A sha256 hash has 32 bytes.", nameof(hash));
        }

        return new Sha256Digest(Convert.ToHexStringLower(hash));
    }

    /// <summary>Parses <c>sha256:&lt;hex&gt;</c> (the hex may be upper case); false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Sha256Digest digest)
    {
        digest = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return TryParseHex(text.AsSpan(Prefix.Length), out digest);
    }

    /// <summary>Parses bare 64-character hex.</summary>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out Sha256Digest digest)
    {
        digest = default;
        if (hex.Length != 64)
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        digest = new Sha256Digest(hex.ToString().ToLowerInvariant());
        return true;
    }

    public static Sha256Digest Compute(ReadOnlySpan<byte> data) => FromHash(SHA256.HashData(data));

    public static async Task<Sha256Digest> ComputeAsync(Stream stream, CancellationToken cancellationToken = default) =>
        FromHash(await SHA256.HashDataAsync(stream, cancellationToken));
}
