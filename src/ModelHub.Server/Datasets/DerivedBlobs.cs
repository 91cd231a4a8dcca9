using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Server.Blobs;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Blobs the server makes from others (materialised tables, Parquet exports, thumbnails), found by source digest and
/// kind so each is made once. The bytes go through the same verified ingestion as uploads.
/// </summary>
public sealed class DerivedBlobs(ModelHubDbContext db, BlobIngestor ingestor, TimeProvider clock)
{
    public Task<DerivedBlob?> FindAsync(string sourceDigest, string kind, CancellationToken cancellationToken) =>
        db.DerivedBlobs.AsNoTracking().SingleOrDefaultAsync(d => d.SourceDigest == sourceDigest && d.Kind == kind, cancellationToken);

    /// <summary>Stores the local <paramref name="file"/> as a blob (hashed first, verified on its way in) and returns its
    /// digest and size.</summary>
    public async Task<(string Digest, long Size)> StoreFileAsync(string file, CancellationToken cancellationToken)
    {
        Sha256Digest digest;
        await using (var read = Open(file))
        {
            digest = Sha256Digest.FromHash(await SHA256.HashDataAsync(read, cancellationToken));
        }

        var size = new System.IO.FileInfo(file).Length;
        if (await ingestor.FindAsync(digest, cancellationToken) is null)
        {
            await using var content = Open(file);
            await ingestor.StoreAsync(digest, content, size, cancellationToken);
        }

        return (digest.ToString(), size);
    }

    /// <summary>Stores <paramref name="file"/> as the <paramref name="kind"/> of <paramref name="sourceDigest"/>.</summary>
    public async Task<DerivedBlob> RecordFileAsync(string sourceDigest, string kind, string file, CancellationToken cancellationToken)
    {
        var (digest, size) = await StoreFileAsync(file, cancellationToken);
        return await RecordAsync(new DerivedBlob
        {
            SourceDigest = sourceDigest,
            Kind = kind,
            Digest = digest,
            Size = size,
            CreatedAt = clock.GetUtcNow(),
        }, cancellationToken);
    }

    /// <summary>Records that <paramref name="sourceDigest"/> cannot be made into its <paramref name="kind"/>, so no one
    /// tries again.</summary>
    public Task<DerivedBlob> RecordFailureAsync(string sourceDigest, string kind, string error, CancellationToken cancellationToken) =>
        RecordAsync(new DerivedBlob
        {
            SourceDigest = sourceDigest,
            Kind = kind,
            Error = error.Length > 1024 ? error[..1024] : error,
            CreatedAt = clock.GetUtcNow(),
        }, cancellationToken);

    private async Task<DerivedBlob> RecordAsync(DerivedBlob derived, CancellationToken cancellationToken)
    {
        db.DerivedBlobs.Add(derived);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            // Made at the same time elsewhere (same source, same bytes): keep theirs.
            db.Entry(derived).State = EntityState.Detached;
            return (await FindAsync(derived.SourceDigest, derived.Kind, cancellationToken))!;
        }

        return derived;
    }

    private static FileStream Open(string file) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
