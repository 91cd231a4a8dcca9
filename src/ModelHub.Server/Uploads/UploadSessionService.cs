using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;
using ModelHub.Server.Blobs;
using ModelHub.Server.Metrics;

namespace ModelHub.Server.Uploads;

/// <summary>
/// Resumable uploads: the offset moves in the database as chunks are stored. A store that can write in place (the
/// filesystem) keeps one staging object per session and renames it into place once verified, so every byte is
/// written once; other stores (S3) keep one object per chunk and assemble them at completion.
/// </summary>
public sealed class UploadSessionService(
    ModelHubDbContext db, IBlobStore store, BlobIngestor ingestor, TransferMetrics metrics, TimeProvider clock,
    ILogger<UploadSessionService> logger)
{
    /// <summary>Writes into one session's staging object take turns (striped by session, so nothing accumulates).</summary>
    private static readonly SemaphoreSlim[] WriteGates = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

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
    public async Task<bool> AppendAsync(UploadSession session, Stream body, long? start, long? length,
        CancellationToken cancellationToken = default)
    {
        var offset = start ?? session.Offset;
        if (offset != session.Offset)
        {
            return false;
        }

        if (store is not IInPlaceUploadStore inPlace)
        {
            return await StoreChunkAsync(session, BlobKeys.ForUploadPart(session.Id, offset, Guid.NewGuid()), ownsKey: true, offset, body,
                (key, content, ct) => store.PutAsync(key, content, length, ct), length, cancellationToken);
        }

        var gate = GateFor(session.Id);
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Under the gate, the offset that stands is the database's: a chunk that raced ours may have moved it, and
            // writing at a stale offset would overwrite bytes already committed.
            var committed = await db.UploadSessions.AsNoTracking().Where(s => s.Id == session.Id).Select(s => (long?)s.Offset)
                .SingleOrDefaultAsync(cancellationToken);
            if (committed != offset)
            {
                session.Offset = committed ?? session.Offset;
                return false;
            }

            // A chunk cut short leaves bytes past the committed offset: the retry at that offset writes over them.
            return await StoreChunkAsync(session, BlobKeys.ForUploadSession(session.Id), ownsKey: false, offset, body,
                (key, content, ct) => inPlace.WriteAtAsync(key, offset, content, ct), length, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private static SemaphoreSlim GateFor(Guid sessionId) => WriteGates[(sessionId.GetHashCode() & int.MaxValue) % WriteGates.Length];

    /// <summary>
    /// Writes a chunk with <paramref name="write"/> and moves the session's offset past it. <paramref name="ownsKey"/>:
    /// the object holds this chunk only, so it is deleted when the chunk is empty or loses a race.
    /// </summary>
    private async Task<bool> StoreChunkAsync(UploadSession session, string key, bool ownsKey, long offset, Stream body,
        Func<string, Stream, CancellationToken, Task> write, long? length, CancellationToken cancellationToken)
    {
        await using var counting = new DigestVerifyingStream(body, expected: null, length, leaveOpen: true);
        try
        {
            await write(key, counting, cancellationToken);
        }
        finally
        {
            metrics.Received(counting.BytesRead);
        }

        if (counting.BytesRead == 0)
        {
            if (ownsKey)
            {
                await store.DeleteAsync(key, CancellationToken.None);
            }

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
            // A concurrent chunk (or a cancel) won the race: drop ours and report the offset that stands.
            if (ownsKey)
            {
                await store.DeleteAsync(key, CancellationToken.None);
            }

            db.ChangeTracker.Clear();
            session.Parts.RemoveAll(p => p.Offset == offset && p.Key == key);
            session.Offset = await db.UploadSessions.Where(s => s.Id == session.Id).Select(s => s.Offset)
                .SingleOrDefaultAsync(CancellationToken.None);
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
        var sessionKey = BlobKeys.ForUploadSession(session.Id);
        if (blob is null && store is IInPlaceUploadStore inPlace && session.Parts.Count > 0 && session.Parts.All(p => p.Key == sessionKey))
        {
            // Chunks of this session wait until it is gone: none may write into the object once it is a blob.
            var gate = GateFor(session.Id);
            await gate.WaitAsync(cancellationToken);
            try
            {
                try
                {
                    blob = await VerifyAndPromoteAsync(inPlace, sessionKey, session.Offset, digest, cancellationToken);
                }
                catch (BlobNotFoundException)
                {
                    // A concurrent completion moved the staging object first (or a cancel removed it).
                    blob = await ingestor.FindAsync(digest, CancellationToken.None) ?? throw new UploadGoneException(session.Id);
                }

                await DeleteAsync(session, CancellationToken.None);
                return blob;
            }
            finally
            {
                gate.Release();
            }
        }

        if (blob is null)
        {
            await using var assembled = ConcatenatedPartsStream.Open(store, session.Parts, cancellationToken);
            blob = await ingestor.StoreAsync(digest, assembled, session.Offset, cancellationToken);
        }

        await DeleteAsync(session, CancellationToken.None);
        return blob;
    }

    /// <summary>
    /// Verifies the staging object by reading it (the store throws when it holds fewer bytes than committed), then
    /// renames it to the blob's key: its bytes are never written a second time.
    /// </summary>
    private async Task<Blob> VerifyAndPromoteAsync(IInPlaceUploadStore inPlace, string sessionKey, long length, Sha256Digest digest,
        CancellationToken cancellationToken)
    {
        using var sha256 = SHA256.Create();
        await using (var hashing = new CryptoStream(Stream.Null, sha256, CryptoStreamMode.Write, leaveOpen: true))
        {
            await store.CopyToAsync(sessionKey, 0, length, hashing, cancellationToken);
        }

        var actual = Sha256Digest.FromHash(sha256.Hash!);
        if (actual != digest)
        {
            throw new DigestMismatchException($"The content hashes to {actual}, not the declared {digest}.");
        }

        await inPlace.PromoteAsync(sessionKey, length, BlobKeys.ForBlob(digest), cancellationToken);
        return await ingestor.RecordAsync(digest, length, cancellationToken);
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

/// <summary>The session's data went away while it was being completed (a concurrent cancel).</summary>
public sealed class UploadGoneException(Guid sessionId)
    : Exception($"Upload session {sessionId} was cancelled while it was being completed.");
