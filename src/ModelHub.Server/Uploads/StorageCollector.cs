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
    public sealed record Collected(int Sessions, int Blobs, long Bytes);

    public async Task<Collected> CollectAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IBlobStore>();
        var sessions = scope.ServiceProvider.GetRequiredService<UploadSessionService>();

        var sessionCutoff = now - options.Value.SessionExpiry;
        var expired = await db.UploadSessions.Include(s => s.Parts).Where(s => s.UpdatedAt < sessionCutoff).ToListAsync(cancellationToken);
        foreach (var session in expired)
        {
            await sessions.DeleteAsync(session, cancellationToken);
        }

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

        return new Collected(expired.Count, blobs, bytes);
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
                logger.LogInformation("Collected {Sessions} abandoned upload sessions and {Blobs} unreferenced blobs ({Bytes} bytes)",
                    collected.Sessions, collected.Blobs, collected.Bytes);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Storage collection failed; it runs again in {Interval}", options.Value.Interval);
            }
        }
    }
}
