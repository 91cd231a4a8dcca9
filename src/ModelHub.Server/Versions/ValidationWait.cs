using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Versions;

/// <summary>
/// A version read that waits for the verdict (<c>GET …/versions/{v}?wait=N</c>): while the version validates, the answer
/// is held up to N seconds, so a client pushing learns the verdict the moment it is saved instead of polling. This
/// server's change notice for the repository wakes it at once; a verdict saved by another process (a worker-role server)
/// is seen by re-reading the state every second.
/// </summary>
public static class ValidationWait
{
    public const int MaxSeconds = 60;
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    /// <summary>Returns once the version is no longer validating (or is gone), or after <paramref name="seconds"/> (at most 60).</summary>
    public static async Task WhileValidatingAsync(ModelHubDbContext db, IRepositoryChanges changes, long repositoryId, string version,
        int seconds, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, MaxSeconds));
        var started = Stopwatch.GetTimestamp();
        using var signal = new SemaphoreSlim(0);
        // Subscribed before the first read, so a verdict saved between the read and the wait is not missed.
        using var subscription = changes.Subscribe(change =>
        {
            if (change.RepositoryId == repositoryId)
            {
                signal.Release();
            }
        });
        while (await StateAsync(db, repositoryId, version, cancellationToken) == VersionState.Validating)
        {
            var left = wait - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await signal.WaitAsync(left < Recheck ? left : Recheck, cancellationToken);
        }
    }

    private static Task<VersionState?> StateAsync(ModelHubDbContext db, long repositoryId, string version,
        CancellationToken cancellationToken) =>
        db.Versions.AsNoTracking().Where(v => v.RepositoryId == repositoryId && v.Name == version)
            .Select(v => (VersionState?)v.State).SingleOrDefaultAsync(cancellationToken);
}
