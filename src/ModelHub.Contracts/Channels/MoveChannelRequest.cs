namespace ModelHub.Contracts.Channels;

/// <summary>
/// Point a channel at <see cref="Version"/>; optionally roll <see cref="RolloutVersion"/> out to a percentage of clients.
/// </summary>
public sealed record MoveChannelRequest(string? Version, string? RolloutVersion = null, double? RolloutPercent = null);
