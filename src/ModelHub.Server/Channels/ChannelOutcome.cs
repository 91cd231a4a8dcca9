namespace ModelHub.Server.Channels;

public enum ChannelOutcome
{
    Moved,
    Invalid,
    VersionNotFound,
    VersionNotPublished,
    ChannelNotFound,
    NothingToRollBack,
    NotInHistory,
    Conflict,
}
