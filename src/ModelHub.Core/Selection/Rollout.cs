using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Core.Selection;

/// <summary>Staged rollouts: a stable client id lands in the same bucket of [0, 100) every time, per channel.</summary>
public static class Rollout
{
    public static double Bucket(string channelKey, string clientId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{channelKey}\n{clientId}"));
        return BinaryPrimitives.ReadUInt32BigEndian(hash) / (uint.MaxValue + 1.0) * 100;
    }

    /// <summary>True when the client is among the first <paramref name="percent"/> % of the channel's rollout.</summary>
    public static bool Includes(string channelKey, string? clientId, double percent) =>
        clientId is { Length: > 0 } && percent > 0 && Bucket(channelKey, clientId) < percent;
}
