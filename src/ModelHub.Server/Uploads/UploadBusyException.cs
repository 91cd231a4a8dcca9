namespace ModelHub.Server.Uploads;

/// <summary>A session was asked to complete while one of its chunks is still being written.</summary>
public sealed class UploadBusyException(Guid sessionId)
    : Exception($"A chunk of upload session {sessionId} is still being written: complete it once that chunk is done.");
