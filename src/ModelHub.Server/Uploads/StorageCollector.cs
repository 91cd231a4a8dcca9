using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Storage;

namespace ModelHub.Server.Uploads;

/// <summary>
/// Removes what nothing needs any more: abandoned upload sessions with their staged chunks, and blobs that no
/// version references (deleting a version never deletes blobs directly). The database row goes first: the
/// foreign key from files to blobs makes that fail for a blob a version just started to reference.
/// </summary>
public sealed class StorageCollector(
    IServiceScopeFactory scopes, IOptions<CollectorOptions> options, TimeProvider clock, ILogger<StorageCollector> logger)
    : BackgroundService
{
    /// <summary>Rows and objects are removed this many at a time: thousands of abandoned sessions cost a few statements.</summary>
    private const int BatchSize = 500;

    /// <summary>What a pass removed: expired sessions, unreferenced blobs (and their bytes), leftovers of the staging area.</summary>
    public sealed record Collected(int Sessions, int Blobs, long Bytes, int StagingLeftovers = 0);

    public async Task<Collected> CollectAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IBlobStore>();

        var sessionCutoff = now - options.Value.SessionExpiry;
        var sessions = await ExpireSessionsAsync(db, store, sessionCutoff, cancellationToken);
        var leftovers = store is IStagingSweeper sweeper ? await SweepStagingAsync(db, sweeper, sessionCutoff, cancellationToken) : 0;

        var blobCutoff = now - options.Value.BlobGracePeriod;
        // What the server made from a blob no file holds any more (a table's copy, a thumbnail) goes with it.
        await db.DerivedBlobs.Where(d => d.CreatedAt < blobCutoff && !db.Files.Any(f => f.Digest == d.SourceDigest))
            .ExecuteDeleteAsync(cancellationToken);
        var orphans = await db.Blobs.AsNoTracking()
            .Where(b => b.CreatedAt < blobCutoff && !db.Files.Any(f => f.Digest == b.Digest)
                && !db.DerivedBlobs.Any(d => d.Digest == b.Digest) && !db.Tables.Any(t => t.MaterialisedDigest == b.Digest))
            .ToListAsync(cancellationToken);
        int blobs = 0;
        long bytes = 0;
        foreach (var orphan in orphans)
        {
            try
            {
                if (await db.Blobs.Where(b => b.Digest == orphan.Digest).ExecuteDeleteAsync(cancellationToken) == 0)
                {
                    continue;
                }
            }
            catch (Exception e) when (db.IsReferenceViolation(e))
            {
                // Referenced again since the query: keep it.
                continue;
            }

            if (Sha256Digest.TryParse(orphan.Digest, out var digest))
            {
                await store.DeleteAsync(BlobKeys.ForBlob(digest), cancellationToken);
            }

            blobs++;
            bytes += orphan.Size;
        }

        return new Collected(sessions, blobs, bytes, leftovers);
    }

    /// <summary>
    /// Removes sessions untouched since <paramref name="cutoff"/>, a batch at a time: the rows first (a session used again
    /// meanwhile keeps its row, and so its bytes), then the staged objects of the rows that went.
    /// </summary>
    private static async Task<int> ExpireSessionsAsync(ModelHubDbContext db, IBlobStore store, DateTimeOffset cutoff,
        CancellationToken cancellationToken)
    {
        var expired = 0;
        while (true)
        {
            var batch = await db.UploadSessions.AsNoTracking().Where(s => s.UpdatedAt < cutoff).OrderBy(s => s.UpdatedAt).Take(BatchSize)
                .Select(s => new { s.Id, Keys = s.Parts.Select(p => p.Key).ToList() }).ToListAsync(cancellationToken);
            var ids = batch.Select(b => b.Id).ToList();
            expired += await db.UploadSessions.Where(s => ids.Contains(s.Id) && s.UpdatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            var kept = await db.UploadSessions.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
            foreach (var key in batch.Where(b => !kept.Contains(b.Id)).SelectMany(b => b.Keys).Distinct())
            {
                await store.DeleteAsync(key, cancellationToken);
            }

            if (batch.Count < BatchSize)
            {
                return expired;
            }
        }
    }

    /// <summary>
    /// Deletes what a killed server left in the staging area: temporary files of single PUTs, and session folders whose
    /// session is gone (empty ones included).
    /// </summary>
    private static async Task<int> SweepStagingAsync(ModelHubDbContext db, IStagingSweeper sweeper, DateTimeOffset cutoff,
        CancellationToken cancellationToken)
    {
        var swept = sweeper.DeleteTemporaryFiles(cutoff);
        foreach (var chunk in sweeper.StagedSessions(cutoff).Chunk(BatchSize))
        {
            var live = await db.UploadSessions.Where(s => chunk.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
            foreach (var orphan in chunk.Except(live))
            {
                sweeper.DeleteStagedSession(orphan);
                swept++;
            }
        }

        return swept;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var collected = await CollectAsync(clock.GetUtcNow(), stoppingToken);
                logger.LogInformation("Collected {Sessions} abandoned upload sessions, {Blobs} unreferenced blobs ({Bytes} bytes) and "
                    + "{Leftovers} staging leftovers", collected.Sessions, collected.Blobs, collected.Bytes, collected.StagingLeftovers);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Storage collection failed; it runs again in {Interval}", options.Value.Interval);
            }
        }
    }
}
