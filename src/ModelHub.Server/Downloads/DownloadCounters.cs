using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Downloads;

/// <summary>
/// Download counts per version and variant. The hot path only increments a number in memory; a background loop adds
/// the totals to the database every few seconds (and once more at shutdown).
/// </summary>
public sealed class DownloadCounters(IServiceScopeFactory scopes, ILogger<DownloadCounters> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private ConcurrentDictionary<(long VersionId, string Variant), long> _pending = new();

    /// <summary>Counts a download of tier <paramref name="variant"/> of a version; "" (or null) for files of no tier.</summary>
    public void Count(long versionId, string? variant) => _pending.AddOrUpdate((versionId, variant ?? ""), 1, (_, n) => n + 1);

    /// <summary>
    /// Counts a download of a file by path (with the version's variants loaded), under its tier when it is a tier's ONNX
    /// file: only a GET that starts at the first byte counts (a resumed range is the same download, <c>bytes=0-0</c> a probe).
    /// </summary>
    public void CountDownload(HttpContext http, RepositoryVersion version, string path)
    {
        string? range = http.Request.Headers.Range;
        var fromStart = range is null || (range.StartsWith("bytes=0-", StringComparison.Ordinal) && range != "bytes=0-0");
        if (HttpMethods.IsGet(http.Request.Method) && fromStart)
        {
            Count(version.Id, VersionTiers.TierOf(version, path));
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(long, string), long>());
        if (batch.IsEmpty)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        foreach (var ((versionId, variant), count) in batch)
        {
            var updated = await db.DownloadCounters.Where(c => c.VersionId == versionId && c.Variant == variant)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + count), cancellationToken);
            if (updated > 0)
            {
                continue;
            }

            db.DownloadCounters.Add(new DownloadCounter { VersionId = versionId, Variant = variant, Count = count });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (db.IsUniqueViolation(e) || db.IsReferenceViolation(e))
            {
                // Inserted by another replica meanwhile (count again), or the version is gone (drop it).
                db.ChangeTracker.Clear();
                await db.DownloadCounters.Where(c => c.VersionId == versionId && c.Variant == variant)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + count), cancellationToken);
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
}
