using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Core.Selection;

/// <summary>
/// Staged rollouts: a stable client id lands in the same bucket of [0, 100) every time for one rollout, so a client once
/// in stays in while the percentage grows. The bucket is salted with the rollout (channel and the version rolled out),
/// so two rollouts do not hit the same clients first.
/// </summary>
public static class Rollout
{
    /// <summary>The salt of one rollout: version <paramref name="rolloutVersionId"/> on a channel of a repository.</summary>
    public static string Key(long repositoryId, string channel, long rolloutVersionId) =>
        string.Create(CultureInfo.InvariantCulture, $"{repositoryId}:{channel}:{rolloutVersionId}");

    public static double Bucket(string rolloutKey, string clientId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{rolloutKey}\n{clientId}"));
        return BinaryPrimitives.ReadUInt32BigEndian(hash) / (uint.MaxValue + 1.0) * 100;
    }

    /// <summary>True when the client is among the first <paramref name="percent"/> % of the rollout.</summary>
    public static bool Includes(string rolloutKey, string? clientId, double percent) =>
        clientId is { Length: > 0 } && percent > 0 && Bucket(rolloutKey, clientId) < percent;
}
