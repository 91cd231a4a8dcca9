namespace ModelHub.Server.Uploads;

public enum AppendOutcome
{
    /// <summary>The chunk is stored and the session's offset moved past it.</summary>
    Appended,

    /// <summary>The chunk does not start at the session's offset (another chunk got there first): nothing stored.</summary>
    OffsetMismatch,

    /// <summary>Another chunk of the session is being written right now: nothing stored, retry once it is done.</summary>
    Busy,
}
