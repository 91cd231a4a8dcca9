using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Server.Auth;

/// <summary>Token secrets: 256 random bits, stored only as their sha256 (they are too random to need a slow hash).</summary>
public static class TokenSecrets
{
    public const string Prefix = "mh_";

    public static string Generate() => Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares in constant time so the response time does not reveal how much of a guess was right.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
