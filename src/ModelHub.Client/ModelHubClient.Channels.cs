using ModelHub.Contracts.Channels;

namespace ModelHub.Client;

/// <summary>Channels of a model (<c>stable</c>, <c>beta</c> …): movable pointers to published versions, with history.</summary>
public sealed partial class ModelHubClient
{
    public Task<IReadOnlyList<ChannelInfo>> ListChannelsAsync(string repository, CancellationToken cancellationToken = default) =>
        GetJsonAsync<IReadOnlyList<ChannelInfo>>(ApiPaths.Channels(repository), cancellationToken);

    /// <summary>Points <paramref name="channel"/> at a published version, optionally with a staged rollout of another.</summary>
    public Task<ChannelInfo> MoveChannelAsync(
        string repository, string channel, MoveChannelRequest request, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ChannelInfo>(HttpMethod.Put, ApiPaths.Channel(repository, channel), request, cancellationToken);

    /// <summary>Every move of a channel, newest first.</summary>
    public Task<IReadOnlyList<ChannelEventInfo>> GetChannelHistoryAsync(
        string repository, string channel, CancellationToken cancellationToken = default) =>
        GetJsonAsync<IReadOnlyList<ChannelEventInfo>>(ApiPaths.Channel(repository, channel) + "/history", cancellationToken);

    /// <summary>Moves a channel back to where it was before its last move.</summary>
    public Task<ChannelInfo> RollBackChannelAsync(string repository, string channel, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ChannelInfo>(HttpMethod.Post, ApiPaths.Channel(repository, channel) + "/rollback", null, cancellationToken);
}
