using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
/// written once; other stores (S3) keep one object per chunk and assemble them at completion. What one token may hold
/// is bounded by <see cref="UploadOptions"/>.
/// </summary>
public sealed class UploadSessionService(
    ModelHubDbContext db, IBlobStore store, BlobIngestor ingestor, SessionWriteClaims claims, IOptions<UploadOptions> limits,
    TransferMetrics metrics, TimeProvider clock, ILogger<UploadSessionService> logger)
{
    /// <summary>A new session for <paramref name="caller"/>, or null when its token has as many open as it may.</summary>
    public async Task<UploadSession?> CreateAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var subject = caller.Subject!;
        if (await db.UploadSessions.CountAsync(s => s.CreatedBy == subject, cancellationToken) >= limits.Value.MaxOpenSessionsPerToken)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var session = new UploadSession { Id = Guid.NewGuid(), CreatedBy = subject, CreatedAt = now, UpdatedAt = now };
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

    /// <summary>How many more bytes <paramref name="session"/> may take (its blob's size limit, its token's staged-bytes quota).</summary>
    public async Task<UploadRoom> RoomAsync(UploadSession session, CancellationToken cancellationToken = default)
    {
        var staged = await db.UploadSessions.Where(s => s.CreatedBy == session.CreatedBy).SumAsync(s => s.Offset, cancellationToken);
        var max = limits.Value.MaxBlobBytes;
        return new(max, max - session.Offset, limits.Value.MaxStagedBytesPerToken - staged);
    }

    /// <summary>
    /// Appends <paramref name="body"/> at <paramref name="start"/> (the session's offset when null); stores nothing unless
    /// the outcome is <see cref="AppendOutcome.Appended"/>.
    /// </summary>
    public async Task<AppendOutcome> AppendAsync(UploadSession session, Stream body, long? start, long? length,
        CancellationToken cancellationToken = default)
    {
        var offset = start ?? session.Offset;
        if (offset != session.Offset)
        {
            return AppendOutcome.OffsetMismatch;
        }

        if (store is not IInPlaceUploadStore inPlace)
        {
            return await StoreChunkAsync(session, BlobKeys.ForUploadPart(session.Id, offset, Guid.NewGuid()), ownsKey: true, offset, body,
                (key, content, ct) => store.PutAsync(key, content, length, ct), length, cancellationToken);
        }

        using var claim = claims.TryClaim(session.Id);
        if (claim is null)
        {
            return AppendOutcome.Busy;
        }

        // Claimed, the offset that stands is the database's and nothing else moves it until this chunk is committed: a chunk
        // that finished just before may have moved it, and writing at a stale offset would overwrite committed bytes.
        var committed = await db.UploadSessions.AsNoTracking().Where(s => s.Id == session.Id).Select(s => (long?)s.Offset)
            .SingleOrDefaultAsync(cancellationToken);
        if (committed != offset)
        {
            session.Offset = committed ?? session.Offset;
            return AppendOutcome.OffsetMismatch;
        }

        // A chunk cut short leaves bytes past the committed offset: the retry at that offset writes over them.
        return await StoreChunkAsync(session, BlobKeys.ForUploadSession(session.Id), ownsKey: false, offset, body,
            (key, content, ct) => inPlace.WriteAtAsync(key, offset, content, ct), length, cancellationToken);
    }

    /// <summary>
    /// Writes a chunk with <paramref name="write"/> and moves the session's offset past it. <paramref name="ownsKey"/>:
    /// the object holds this chunk only, so it is deleted when the chunk is empty or loses a race.
    /// </summary>
    private async Task<AppendOutcome> StoreChunkAsync(UploadSession session, string key, bool ownsKey, long offset, Stream body,
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

            return AppendOutcome.Appended;
        }

        session.Parts.Add(new UploadPart { SessionId = session.Id, Offset = offset, Length = counting.BytesRead, Key = key });
        session.Offset = offset + counting.BytesRead;
        session.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return AppendOutcome.Appended;
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
            return AppendOutcome.OffsetMismatch;
        }
    }

    /// <summary>
    /// Assembles the parts into the blob <paramref name="digest"/>, verified on the way, and records that the session's
    /// token sent its bytes. The bytes are verified even when the blob exists already: that is the proof the token holds
    /// them. Throws <see cref="DigestMismatchException"/> when they do not match (the session is kept so the client can
    /// retry), <see cref="UploadBusyException"/> while a chunk is still being written.
    /// </summary>
    public async Task<Blob> CompleteAsync(UploadSession session, Sha256Digest digest, CancellationToken cancellationToken = default)
    {
        var blob = await ingestor.FindAsync(digest, cancellationToken);
        var sessionKey = BlobKeys.ForUploadSession(session.Id);
        if (store is IInPlaceUploadStore inPlace && session.Parts.Count > 0 && session.Parts.All(p => p.Key == sessionKey))
        {
            // No chunk of this session may write into the object while it is verified and becomes a blob.
            using var claim = claims.TryClaim(session.Id) ?? throw new UploadBusyException(session.Id);
            try
            {
                await VerifyStagedAsync(sessionKey, session.Offset, digest, cancellationToken);
                if (blob is null)
                {
                    await inPlace.PromoteAsync(sessionKey, session.Offset, BlobKeys.ForBlob(digest), cancellationToken);
                    blob = await ingestor.RecordAsync(digest, session.Offset, cancellationToken);
                }
            }
            catch (BlobNotFoundException)
            {
                // A concurrent completion moved the staging object first (or a cancel removed it).
                blob = await ingestor.FindAsync(digest, CancellationToken.None) ?? throw new UploadGoneException(session.Id);
            }
        }
        else
        {
            await using var assembled = ConcatenatedPartsStream.Open(store, session.Parts, cancellationToken);
            if (blob is null)
            {
                blob = await ingestor.StoreAsync(digest, assembled, session.Offset, cancellationToken);
            }
            else
            {
                await BlobIngestor.VerifyAsync(digest, assembled, session.Offset, cancellationToken);
            }
        }

        await ingestor.RecordUploadAsync(digest, session.CreatedBy, CancellationToken.None);
        await DeleteAsync(session, CancellationToken.None);
        return blob;
    }

    /// <summary>Reads the staging object (the store throws when it holds fewer bytes than committed) and checks its digest.</summary>
    private async Task VerifyStagedAsync(string sessionKey, long length, Sha256Digest digest, CancellationToken cancellationToken)
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
    }

    /// <summary>Removes the session and its staged parts.</summary>
    public async Task DeleteAsync(UploadSession session, CancellationToken cancellationToken = default)
    {
        foreach (var key in session.Parts.Select(p => p.Key).Distinct())
        {
            await store.DeleteAsync(key, cancellationToken);
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
