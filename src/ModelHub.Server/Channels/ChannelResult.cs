using ModelHub.Core.Entities;
using ModelHub.Server.Http;

namespace ModelHub.Server.Channels;

/// <summary>What a channel move did; <see cref="Detail"/> says why when it did nothing.</summary>
public sealed record ChannelResult(ChannelOutcome Outcome, string Detail = "")
{
    /// <summary>The channel as it points now, with its versions.</summary>
    public Channel? Channel { get; init; }

    public RequestError? Error { get; init; }

    public static ChannelResult Invalid(RequestError error) => new(ChannelOutcome.Invalid, error.Detail) { Error = error };
}
