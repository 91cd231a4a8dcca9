using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Blobs;

/// <summary>
/// Turns a stream of bytes into a verified blob: hashed on the way into the store, visible under its
/// digest key only when the hash matched, then recorded in the database.
/// </summary>
public sealed class BlobIngestor(IBlobStore store, ModelHubDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Takes <paramref name="caller"/>'s upload of the blob <paramref name="digest"/>: a blob it can read already needs no
    /// bytes (<c>Known</c>, <paramref name="content"/> is not read); any other existing blob needs them as proof of
    /// possession (verified, not stored twice), so that knowing a digest is never enough to read or reuse a blob; a new
    /// one is stored. The caller is recorded as having sent the bytes. Throws <see cref="DigestMismatchException"/>.
    /// </summary>
    public async Task<(long Size, bool Known)> AcceptAsync(Sha256Digest digest, Caller caller, Stream content, long? length,
        CancellationToken cancellationToken)
    {
        var existing = await FindAsync(digest, cancellationToken);
        if (existing is not null
            && await BlobVisibility.GetAsync(db, caller, existing.Digest, cancellationToken) != BlobVisibility.Visibility.Hidden)
        {
            return (existing.Size, true);
        }

        var size = existing is null
            ? (await StoreAsync(digest, content, length, cancellationToken)).Size
            : await VerifyAsync(digest, content, length, cancellationToken);
        await RecordUploadAsync(digest, caller.Subject!, cancellationToken);
        return (size, false);
    }

    public Task<Blob?> FindAsync(Sha256Digest digest, CancellationToken cancellationToken = default)
    {
        var key = digest.ToString();
        return db.Blobs.AsNoTracking().SingleOrDefaultAsync(b => b.Digest == key, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="content"/> as the blob <paramref name="digest"/>. Throws <see cref="DigestMismatchException"/>
    /// (nothing stored) when the bytes or their count differ from what was declared.
    /// </summary>
    public async Task<Blob> StoreAsync(Sha256Digest digest, Stream content, long? length, CancellationToken cancellationToken = default)
    {
        await using var verifying = new DigestVerifyingStream(content, digest, length, leaveOpen: true);
        await store.PutAsync(BlobKeys.ForBlob(digest), verifying, length, cancellationToken);
        return await RecordAsync(digest, verifying.BytesRead, cancellationToken);
    }

    /// <summary>
    /// Reads <paramref name="content"/> to its end and checks it is the blob <paramref name="digest"/>, storing nothing:
    /// the proof that a caller holds the bytes of a blob that exists already. Throws <see cref="DigestMismatchException"/>
    /// when they differ.
    /// </summary>
    public static async Task<long> VerifyAsync(Sha256Digest digest, Stream content, long? length,
        CancellationToken cancellationToken = default)
    {
        await using var verifying = new DigestVerifyingStream(content, digest, length, leaveOpen: true);
        await verifying.CopyToAsync(Stream.Null, cancellationToken);
        return verifying.BytesRead;
    }

    /// <summary>Records a blob whose bytes are already in the store; a concurrent upload of the same blob is not an error.</summary>
    public async Task<Blob> RecordAsync(Sha256Digest digest, long size, CancellationToken cancellationToken = default)
    {
        var blob = new Blob { Digest = digest.ToString(), Size = size, CreatedAt = clock.GetUtcNow() };
        await db.TryInsertAsync(blob, cancellationToken);
        return blob;
    }

    /// <summary>
    /// Records that <paramref name="subject"/> sent the bytes of the blob <paramref name="digest"/> (see
    /// <see cref="BlobUpload"/>); sending them again is not an error.
    /// </summary>
    public async Task RecordUploadAsync(Sha256Digest digest, string subject, CancellationToken cancellationToken = default)
    {
        var upload = new BlobUpload { Digest = digest.ToString(), UploadedBy = subject, UploadedAt = clock.GetUtcNow() };
        await db.TryInsertAsync(upload, cancellationToken);
    }
}
