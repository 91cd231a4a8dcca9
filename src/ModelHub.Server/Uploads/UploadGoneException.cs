namespace ModelHub.Server.Uploads;

/// <summary>The session's data went away while it was being completed (a concurrent cancel).</summary>
public sealed class UploadGoneException(Guid sessionId)
    : Exception($"Upload session {sessionId} was cancelled while it was being completed.");
