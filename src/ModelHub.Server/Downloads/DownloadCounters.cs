using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Downloads;

/// <summary>
/// Download counts per version and tier: completed transfers (a whole GET of a file, or a range that reaches its last
/// byte, so a resumed download counts once and a <c>bytes=0-0</c> probe never), and, apart, manifest lookups. The hot
/// path only adds to numbers in memory; a background loop adds them to the database every few seconds (and once more at
/// shutdown). A blob fetched by digest is counted for the newest published version that holds it, resolved then.
/// </summary>
public sealed class DownloadCounters(IServiceScopeFactory scopes, ILogger<DownloadCounters> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private ConcurrentDictionary<(long VersionId, string Variant), Tally> _pending = new();
    private ConcurrentDictionary<string, long> _blobs = new(StringComparer.Ordinal);

    // One flush at a time: a caller that flushes then reads sees what the background loop took out just before.
    private readonly SemaphoreSlim _flushing = new(1, 1);

    /// <summary>Counts a manifest answer that chose tier <paramref name="variant"/> of a version.</summary>
    public void CountLookup(long versionId, string variant) => Add(versionId, variant, new Tally(0, 1));

    /// <summary>Counts a completed transfer of tier <paramref name="variant"/>'s file; "" (or null) for files of no tier.</summary>
    public void CountTransfer(long versionId, string? variant) => Add(versionId, variant ?? "", new Tally(1, 0));

    /// <summary>Counts a completed transfer of file <paramref name="path"/> of a version (with its variants loaded).</summary>
    public void CountTransfer(RepositoryVersion version, string path) => CountTransfer(version.Id, VersionTiers.TierOf(version, path));

    /// <summary>Counts a completed transfer of a blob fetched by digest.</summary>
    public void CountBlob(string digest) => _blobs.AddOrUpdate(digest, 1, (_, n) => n + 1);

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            await FlushOnceAsync(cancellationToken);
        }
        finally
        {
            _flushing.Release();
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _flushing.Dispose();
    }

    private async Task FlushOnceAsync(CancellationToken cancellationToken)
    {
        var blobs = Interlocked.Exchange(ref _blobs, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        if (!blobs.IsEmpty)
        {
            await AttributeBlobsAsync(db, blobs, cancellationToken);
        }

        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(long, string), Tally>());
        foreach (var ((versionId, variant), tally) in batch)
        {
            if (await AddAsync(db, versionId, variant, tally, cancellationToken) > 0)
            {
                continue;
            }

            db.DownloadCounters.Add(new DownloadCounter
            {
                VersionId = versionId,
                Variant = variant,
                Count = tally.Transfers,
                Lookups = tally.Lookups,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (db.IsUniqueViolation(e) || db.IsReferenceViolation(e))
            {
                // Inserted by another replica meanwhile (count again), or the version is gone (drop it).
                db.ChangeTracker.Clear();
                await AddAsync(db, versionId, variant, tally, cancellationToken);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushSafelyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await FlushSafelyAsync(CancellationToken.None);
    }

    private static Task<int> AddAsync(
        ModelHubDbContext db, long versionId, string variant, Tally tally, CancellationToken cancellationToken) =>
        db.DownloadCounters.Where(c => c.VersionId == versionId && c.Variant == variant)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + tally.Transfers)
                .SetProperty(c => c.Lookups, c => c.Lookups + tally.Lookups), cancellationToken);

    /// <summary>Turns transfers by digest into transfers of the newest published version holding each blob.</summary>
    private async Task AttributeBlobsAsync(
        ModelHubDbContext db, ConcurrentDictionary<string, long> blobs, CancellationToken cancellationToken)
    {
        var digests = blobs.Keys.ToList();
        var files = await db.Files.AsNoTracking()
            .Where(f => digests.Contains(f.Digest) && f.Version.State == VersionState.Published)
            .Select(f => new { f.Digest, f.Path, f.VersionId }).ToListAsync(cancellationToken);
        var newest = files.GroupBy(f => f.Digest).Select(g => g.MaxBy(f => f.VersionId)!).ToList();
        var versionIds = newest.Select(f => f.VersionId).Distinct().ToList();
        var versions = await db.Versions.AsNoTracking().Include(v => v.Variants).Where(v => versionIds.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, cancellationToken);
        foreach (var file in newest)
        {
            Add(file.VersionId, VersionTiers.TierOf(versions[file.VersionId], file.Path) ?? "", new Tally(blobs[file.Digest], 0));
        }
    }

    private void Add(long versionId, string variant, Tally tally) =>
        _pending.AddOrUpdate((versionId, variant), tally, (_, n) => n + tally);

    private async Task FlushSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not store download counts; they are dropped");
        }
    }

    private readonly record struct Tally(long Transfers, long Lookups)
    {
        public static Tally operator +(Tally a, Tally b) => new(a.Transfers + b.Transfers, a.Lookups + b.Lookups);
    }
}
