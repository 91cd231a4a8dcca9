using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Jobs;

/// <summary>
/// The job queue in the database, shared by every replica: the one place a job is claimed. A claim is a conditional
/// update only one worker can win, and a lease: the job of a worker that died (or a server that restarted) is claimed
/// again once its lease runs out, or at once when a server starts again on the machine where the holder died
/// (<see cref="ReleaseDeadLeasesAsync"/>). Jobs are taken oldest first, skipping those of owners who already run their
/// share of the lane (<see cref="JobLane.PerOwner"/>).
/// </summary>
public sealed class JobQueue(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobQueue> logger) : IDisposable
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
        var dead = held
            .Where(o => LeaseOwner.Parse(o)?.IsDeadPredecessorOf(_self, LeaseOwner.StartOfRunningProcess) == true)
            .ToList();
        if (dead.Count == 0)
        {
            return 0;
        }

        var released = await db.Jobs.Where(j => j.CompletedAt == null && dead.Contains(j.LeaseOwner!))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        logger.LogInformation("Released {Count} job leases held by dead server processes of this machine", released);
        return released;
    }

    // One claim at a time in this process: counting an owner's running jobs and claiming the next one is then one step for
    // this server's workers. Across replicas two claims may still cross, and an owner run one job over its share until one ends.
    private readonly SemaphoreSlim _claiming = new(1, 1);

    public void Dispose() => _claiming.Dispose();

    /// <summary>
    /// A job whose attempt failed (its handler threw) is claimed again after <see cref="RetryDelay"/> × its attempts, not
    /// when its lease runs out: a lease must outlast the longest job (half an hour for an evaluation), a pause after a
    /// failure need not. Only the holder shortens its lease.
    /// </summary>
    public async Task RetryLaterAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var at = clock.GetUtcNow() + RetryDelay * job.Attempt;
        await db.Jobs.Where(j => j.Id == job.Id && j.CompletedAt == null && j.LeaseOwner == Owner && j.LeaseExpiresAt > at)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, at), cancellationToken);
    }

    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(15);

    /// <summary>A job of the lane that this server now holds for its lease, or null when none may start.</summary>
    public async Task<ClaimedJob?> ClaimAsync(JobLane lane, CancellationToken cancellationToken)
    {
        if (lane.PerOwner is null)
        {
            return await ClaimAsync(lane.Kinds, lane.Lease, null, cancellationToken);
        }

        await _claiming.WaitAsync(cancellationToken);
        try
        {
            return await ClaimAsync(lane.Kinds, lane.Lease, lane.PerOwner, cancellationToken);
        }
        finally
        {
            _claiming.Release();
        }
    }

    /// <summary>
    /// The claim of a job this server is about to create and run at once in a slot it holds (see
    /// <see cref="JobWorkers.ReserveAsync"/>): the job is saved already leased to this server, for its first attempt, so
    /// no worker claims it and it starts without the claim's round trips. The owner's share is checked as a claim checks it,
    /// and this process's claims wait until the job is saved or given up (the claim disposed), so counting and claiming
    /// stay one step. Null when the owner already runs its share of the lane: the job then waits in the queue.
    /// </summary>
    public async Task<NewJobClaim?> ClaimNewAsync(JobLane lane, long ownerId, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + lane.Lease;
        if (lane.PerOwner is not { } share)
        {
            return new NewJobClaim(Owner, until, null);
        }

        await _claiming.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
            var running = await Running(db, lane.Kinds, clock.GetUtcNow())
                .CountAsync(j => j.Version.Repository.OwnerId == ownerId, cancellationToken);
            if (running < share)
            {
                return new NewJobClaim(Owner, until, _claiming);
            }
        }
        catch
        {
            _claiming.Release();
            throw;
        }

        _claiming.Release();
        return null;
    }

    /// <summary>See <see cref="ClaimNewAsync"/>: stamps the new job with this server's lease; disposed once it is saved.</summary>
    public sealed class NewJobClaim(string owner, DateTimeOffset until, SemaphoreSlim? claiming) : IDisposable
    {
        private SemaphoreSlim? _claiming = claiming;

        public void Stamp(Job job)
        {
            job.LeaseOwner = owner;
            job.LeaseExpiresAt = until;
            job.Attempts = 1;
        }

        public void Dispose() => Interlocked.Exchange(ref _claiming, null)?.Release();
    }

    /// <summary>
    /// The jobs of <paramref name="kinds"/> running now (leased, not completed): what counts against an owner's share of a
    /// lane, both when a worker claims a waiting job and when a new job is handed to a slot.
    /// </summary>
    private static IQueryable<Job> Running(ModelHubDbContext db, IReadOnlyCollection<string> kinds, DateTimeOffset now) =>
        db.Jobs.Where(j => kinds.Contains(j.Kind) && j.CompletedAt == null && j.LeaseExpiresAt >= now);

    /// <summary>A job of one of <paramref name="kinds"/> that this server now holds for <paramref name="lease"/>, or null
    /// when none is waiting.</summary>
    public Task<ClaimedJob?> ClaimAsync(IReadOnlyCollection<string> kinds, TimeSpan lease, CancellationToken cancellationToken) =>
        ClaimAsync(kinds, lease, null, cancellationToken);

    private async Task<ClaimedJob?> ClaimAsync(IReadOnlyCollection<string> kinds, TimeSpan lease, int? perOwner,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var now = clock.GetUtcNow();
        var waiting = db.Jobs.AsNoTracking()
            .Where(j => kinds.Contains(j.Kind) && j.CompletedAt == null && (j.LeaseExpiresAt == null || j.LeaseExpiresAt < now));
        if (perOwner is { } share)
        {
            var running = Running(db, kinds, now);
            waiting = waiting.Where(j => running.Count(r => r.Version.Repository.OwnerId == j.Version.Repository.OwnerId) < share);
        }

        var candidates = await waiting.OrderBy(j => j.Id).Select(j => new ClaimedJob(j.Id, j.Kind, j.Attempts + 1)).Take(8)
            .ToListAsync(cancellationToken);
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
