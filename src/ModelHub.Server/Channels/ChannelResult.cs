using ModelHub.Core.Entities;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Channels;

/// <summary>The channel after a move or rollback (with its versions), or why it did not move.</summary>
public sealed record ChannelResult(ChannelOutcome Outcome, string Detail = "", Channel? Channel = null, RequestError? Error = null)
    : ServiceResult<ChannelOutcome>(Outcome, Detail, Error);
