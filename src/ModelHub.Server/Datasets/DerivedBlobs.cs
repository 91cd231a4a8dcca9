using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Blobs;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Blobs the server makes from others (materialised tables, Parquet exports, thumbnails), found by source digest and
/// kind so each is made once. The bytes are hashed here, then moved into the store by rename when the file lies on the
/// store's own volume (the filesystem store: a 100 MB table is not written twice), else streamed in through the same
/// verified ingestion as uploads.
/// </summary>
public sealed class DerivedBlobs(ModelHubDbContext db, BlobIngestor ingestor, IBlobStore store, TimeProvider clock)
{
    public Task<DerivedBlob?> FindAsync(string sourceDigest, string kind, CancellationToken cancellationToken) =>
        db.DerivedBlobs.AsNoTracking().SingleOrDefaultAsync(d => d.SourceDigest == sourceDigest && d.Kind == kind, cancellationToken);

    /// <summary>Stores the local <paramref name="file"/> as a blob and returns its digest and size. The file is consumed:
    /// it may be moved into the store.</summary>
    public async Task<(string Digest, long Size)> StoreFileAsync(string file, CancellationToken cancellationToken)
    {
        Sha256Digest digest;
        await using (var read = Open(file))
        {
            digest = Sha256Digest.FromHash(await SHA256.HashDataAsync(read, cancellationToken));
        }

        var size = new System.IO.FileInfo(file).Length;
        if (await ingestor.FindAsync(digest, cancellationToken) is not null)
        {
            return (digest.ToString(), size);
        }

        if (StoreKey(file) is { } key && store is IInPlaceUploadStore inPlace)
        {
            await inPlace.PromoteAsync(key, size, BlobKeys.ForBlob(digest), cancellationToken);
            await ingestor.RecordAsync(digest, size, cancellationToken);
        }
        else
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
        // Made at the same time elsewhere (same source, same bytes): keep theirs.
        return await db.TryInsertAsync(derived, cancellationToken)
            ? derived
            : (await FindAsync(derived.SourceDigest, derived.Kind, cancellationToken))!;
    }

    /// <summary>The store key of a file in the store's scratch folder (the store's root is its parent), else null.</summary>
    private string? StoreKey(string file)
    {
        if (store.LocalScratchRoot is not { } scratch || Path.GetDirectoryName(Path.GetFullPath(scratch)) is not { } root)
        {
            return null;
        }

        var relative = Path.GetRelativePath(root, Path.GetFullPath(file));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static FileStream Open(string file) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
