using ModelHub.Core.Entities;

namespace ModelHub.Server.Web;

public sealed record ChannelView(
    string Name, string Version, string? RolloutVersion, double RolloutPercent, IReadOnlyList<ChannelEvent> History);
