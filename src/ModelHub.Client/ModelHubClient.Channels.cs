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

    /// <summary>Moves a channel back to the previous distinct version it served (a second call goes further back).</summary>
    public Task<ChannelInfo> RollBackChannelAsync(string repository, string channel, CancellationToken cancellationToken = default) =>
        RollBackChannelAsync(repository, channel, to: null, cancellationToken);

    /// <summary>
    /// Moves a channel back to <paramref name="to"/>, a version it pointed at before (or, when null, to the previous
    /// distinct version it served). A version it never served is refused with <c>version_not_in_history</c>.
    /// </summary>
    public Task<ChannelInfo> RollBackChannelAsync(
        string repository, string channel, string? to, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ChannelInfo>(HttpMethod.Post,
            ApiPaths.Channel(repository, channel) + "/rollback" + (to is null ? "" : "?to=" + Uri.EscapeDataString(to)), null,
            cancellationToken);
}
