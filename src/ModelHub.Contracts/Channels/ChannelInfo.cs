namespace ModelHub.Contracts.Channels;

public sealed record ChannelInfo(
    string Name, string Version, string? RolloutVersion, double RolloutPercent, string UpdatedBy, DateTimeOffset UpdatedAt);

public sealed record ChannelEventInfo(string? From, string To, string? RolloutVersion, double RolloutPercent, string By, DateTimeOffset At);
