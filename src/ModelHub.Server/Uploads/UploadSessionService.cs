using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;
using ModelHub.Server.Infrastructure;

namespace ModelHub.Server.Uploads;

/// <summary>Resumable uploads: chunks are staged as separate objects and the offset is moved in the database.</summary>
public sealed class UploadSessionService(ModelHubDbContext db, IBlobStore store, BlobIngestor ingestor, TransferMetrics metrics, TimeProvider clock, ILogger<UploadSessionService> logger)
{
    public async Task<UploadSession> CreateAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var session = new UploadSession { Id = Guid.NewGuid(), CreatedBy = caller.Subject!, CreatedAt = now, UpdatedAt = now };
        db.UploadSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>The session, or null when it does not exist or belongs to another token.</summary>
    public async Task<UploadSession?> FindAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        var session = await db.UploadSessions.Include(s => s.Parts).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return session is not null && (session.CreatedBy == caller.Subject || caller.IsSuperAdmin) ? session : null;
    }

    /// <summary>
    /// Appends <paramref name="body"/> at <paramref name="start"/> (the session's offset when null). Returns false,
    /// storing nothing, when another chunk got there first or the start is not the session's offset.
    /// </summary>
    public async Task<bool> AppendAsync(UploadSession session, Stream body, long? start, long? length, CancellationToken cancellationToken = default)
    {
        var offset = start ?? session.Offset;
        if (offset != session.Offset)
        {
            return false;
        }

        var key = BlobKeys.ForUploadPart(session.Id, offset, Guid.NewGuid());
        await using var counting = new DigestVerifyingStream(body, expected: null, length, leaveOpen: true);
        try
        {
            await store.PutAsync(key, counting, length, cancellationToken);
        }
        finally
        {
            metrics.Received(counting.BytesRead);
        }

        if (counting.BytesRead == 0)
        {
            await store.DeleteAsync(key, CancellationToken.None);
            return true;
        }

        session.Parts.Add(new UploadPart { SessionId = session.Id, Offset = offset, Length = counting.BytesRead, Key = key });
        session.Offset = offset + counting.BytesRead;
        session.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || db.IsUniqueViolation(e))
        {
            // A concurrent chunk won the race: drop ours and report the offset that stands.
            await store.DeleteAsync(key, CancellationToken.None);
            db.ChangeTracker.Clear();
            session.Parts.RemoveAll(p => p.Key == key);
            session.Offset = await db.UploadSessions.Where(s => s.Id == session.Id).Select(s => s.Offset).SingleOrDefaultAsync(CancellationToken.None);
            return false;
        }
    }

    /// <summary>
    /// Assembles the parts into the blob <paramref name="digest"/>, verified on the way. Throws
    /// <see cref="DigestMismatchException"/> when they do not match; the session is then kept so the client can retry.
    /// </summary>
    public async Task<Blob> CompleteAsync(UploadSession session, Sha256Digest digest, CancellationToken cancellationToken = default)
    {
        var blob = await ingestor.FindAsync(digest, cancellationToken);
        if (blob is null)
        {
            await using var assembled = ConcatenatedPartsStream.Open(store, session.Parts, cancellationToken);
            blob = await ingestor.StoreAsync(digest, assembled, session.Offset, cancellationToken);
        }

        await DeleteAsync(session, CancellationToken.None);
        return blob;
    }

    /// <summary>Removes the session and its staged parts.</summary>
    public async Task DeleteAsync(UploadSession session, CancellationToken cancellationToken = default)
    {
        foreach (var part in session.Parts)
        {
            await store.DeleteAsync(part.Key, cancellationToken);
        }

        db.UploadSessions.Remove(session);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Upload session {SessionId} was already removed by a concurrent request", session.Id);
        }
    }
}
