using ModelHub.Core.Entities;

namespace ModelHub.Server.Channels;

/// <summary>Point a channel at <see cref="Version"/>; optionally roll <see cref="RolloutVersion"/> out to a percentage of clients.</summary>
public sealed record MoveChannelRequest(string? Version, string? RolloutVersion = null, double? RolloutPercent = null);

public sealed record ChannelInfo(string Name, string Version, string? RolloutVersion, double RolloutPercent, string UpdatedBy, DateTimeOffset UpdatedAt);

public sealed record ChannelEventInfo(string? From, string To, string? RolloutVersion, double RolloutPercent, string By, DateTimeOffset At);

public static class ChannelMapping
{
    public static ChannelInfo AsInfo(this Channel c) =>
        new(c.Name, c.Version.Name, c.RolloutVersion?.Name, c.RolloutPercent, c.UpdatedBy, c.UpdatedAt);

    public static ChannelEventInfo AsInfo(this ChannelEvent e) => new(e.FromVersion, e.ToVersion, e.RolloutVersion, e.RolloutPercent, e.By, e.At);
}
