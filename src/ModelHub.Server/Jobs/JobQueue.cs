using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Server.Jobs;

/// <summary>
/// The job queue in the database, shared by every replica: the one place a job is claimed. A claim is a conditional
/// update only one worker can win, and a lease: the job of a worker that died (or a server that restarted) is claimed
/// again once its lease runs out, or at once when a server starts again on the machine where the holder died
/// (<see cref="ReleaseDeadLeasesAsync"/>). Jobs are taken oldest first.
/// </summary>
public sealed class JobQueue(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobQueue> logger)
{
    private readonly LeaseOwner _self = LeaseOwner.ThisProcess();

    private string Owner => _self.ToString();

    /// <summary>
    /// Ends the leases held by dead server processes of this machine (<see cref="LeaseOwner.IsDeadPredecessorOf"/>), so
    /// their jobs are claimed now rather than when the leases run out; returns how many.
    /// </summary>
    public async Task<int> ReleaseDeadLeasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var now = clock.GetUtcNow();
        var mine = _self.Machine + ":";
        var held = await db.Jobs.AsNoTracking()
            .Where(j => j.CompletedAt == null && j.LeaseExpiresAt >= now && j.LeaseOwner!.StartsWith(mine))
            .Select(j => j.LeaseOwner!).Distinct().ToListAsync(cancellationToken);
        var dead = held.Where(o => LeaseOwner.Parse(o)?.IsDeadPredecessorOf(_self, LeaseOwner.StartOfRunningProcess) == true).ToList();
        if (dead.Count == 0)
        {
            return 0;
        }

        var released = await db.Jobs.Where(j => j.CompletedAt == null && dead.Contains(j.LeaseOwner!))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        logger.LogInformation("Released {Count} job leases held by dead server processes of this machine", released);
        return released;
    }

    /// <summary>A job of one of <paramref name="kinds"/> that this server now holds for <paramref name="lease"/>, or null
    /// when none is waiting.</summary>
    public async Task<ClaimedJob?> ClaimAsync(IReadOnlyCollection<string> kinds, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var now = clock.GetUtcNow();
        var candidates = await db.Jobs.AsNoTracking()
            .Where(j => kinds.Contains(j.Kind) && j.CompletedAt == null && (j.LeaseExpiresAt == null || j.LeaseExpiresAt < now))
            .OrderBy(j => j.Id).Select(j => new ClaimedJob(j.Id, j.Kind, j.Attempts + 1)).Take(8).ToListAsync(cancellationToken);
        var until = now + lease;
        foreach (var candidate in candidates)
        {
            var claimed = await db.Jobs
                .Where(j => j.Id == candidate.Id && j.CompletedAt == null && (j.LeaseExpiresAt == null || j.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.LeaseOwner, Owner)
                    .SetProperty(j => j.LeaseExpiresAt, until)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
            if (claimed == 1)
            {
                return candidate;
            }
        }

        return null;
    }
}
