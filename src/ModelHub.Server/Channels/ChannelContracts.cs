using ModelHub.Core.Entities;

namespace ModelHub.Server.Channels;

public static class ChannelMapping
{
    public static ChannelInfo AsInfo(this Channel c) =>
        new(c.Name, c.Version.Name, c.RolloutVersion?.Name, c.RolloutPercent, c.UpdatedBy, c.UpdatedAt);

    public static ChannelEventInfo AsInfo(this ChannelEvent e) =>
        new(e.FromVersion, e.ToVersion, e.RolloutVersion, e.RolloutPercent, e.By, e.At);
}
