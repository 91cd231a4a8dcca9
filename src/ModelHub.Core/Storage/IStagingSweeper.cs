namespace ModelHub.Core.Storage;

/// <summary>
/// A store whose staging area can keep what no database row points at any more: the temporary file of a single
/// <c>PUT</c> cut short by a killed server, the folder of an upload session whose row is gone. The storage collector
/// asks it for them (S3 leaves this to a bucket lifecycle rule).
/// </summary>
public interface IStagingSweeper
{
    /// <summary>Deletes temporary upload files not written since <paramref name="untouchedSince"/>; returns how many.</summary>
    int DeleteTemporaryFiles(DateTimeOffset untouchedSince);

    /// <summary>The sessions that have a staging folder not changed since <paramref name="untouchedSince"/>.</summary>
    IReadOnlyList<Guid> StagedSessions(DateTimeOffset untouchedSince);

    /// <summary>Deletes the staging folder of <paramref name="sessionId"/> with whatever it holds.</summary>
    void DeleteStagedSession(Guid sessionId);
}
