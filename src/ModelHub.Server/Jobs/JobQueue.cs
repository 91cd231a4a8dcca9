using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Server.Jobs;

/// <summary>
/// The job queue in the database, shared by every replica: the one place a job is claimed. A claim is a conditional
/// update only one worker can win, and a lease: the job of a worker that died (or a server that restarted) is claimed
/// again once its lease runs out. Jobs are taken oldest first.
/// </summary>
public sealed class JobQueue(IServiceScopeFactory scopes, TimeProvider clock)
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

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
                    .SetProperty(j => j.LeaseOwner, _owner)
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
