using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Onnx.Validation;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Validation;

/// <summary>
/// Works through the validation queue in the database. A worker claims a job by a conditional update that only one
/// replica can win; the claim is a lease, so the job of a worker that died (or a server that restarted) is taken
/// up again once the lease runs out, or at once when a server starts again on the machine where its holder died.
/// </summary>
public sealed class ValidationService(IServiceScopeFactory scopes, ValidationSignal signal, OnnxValidator validator,
    IRepositoryChanges changes, IOptions<ValidationQueueOptions> queue, IOptions<OnnxValidatorOptions> options, TimeProvider clock,
    ILogger<ValidationService> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private readonly LeaseOwner _self = LeaseOwner.ThisProcess();

    private string Owner => _self.ToString();

    private TimeSpan Lease => options.Value.Timeout + TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queue.Value.Enabled)
        {
            logger.LogInformation("Validation is disabled on this server; other replicas must run it");
            return;
        }

        // Jobs this machine's previous server process held when it died are taken up now, not when their leases run out.
        try
        {
            await ReleaseDeadLeasesAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not release the validation leases of dead processes; they are taken up when they run out");
        }

        validator.KeepWarm();
        // A new version waiting for validation is a repository change: the workers look for its job at once rather than
        // at their next poll (a cross-replica change notification wakes the workers of every replica).
        using var subscription = changes.Subscribe(_ => signal.Notify());
        await Task.WhenAll(Enumerable.Range(0, queue.Value.Parallelism).Select(_ => WorkAsync(stoppingToken)));
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ClaimAsync(stoppingToken) is { } jobId)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<VersionValidator>().RunAsync(jobId, stoppingToken);
                    continue;
                }

                await signal.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The job stays leased and is retried when the lease runs out.
                logger.LogError(e, "A validation job failed to run; it will be retried");
                await Task.Delay(Poll, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Ends the leases held by dead server processes of this machine (<see cref="LeaseOwner.IsDeadPredecessorOf"/>), so
    /// their jobs can be claimed at once; returns how many.
    /// </summary>
    public async Task<int> ReleaseDeadLeasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var now = clock.GetUtcNow();
        var mine = _self.Machine + ":";
        var held = await db.ValidationJobs.AsNoTracking()
            .Where(j => j.CompletedAt == null && j.LeaseExpiresAt >= now && j.LeaseOwner!.StartsWith(mine))
            .Select(j => j.LeaseOwner!).Distinct().ToListAsync(cancellationToken);
        var dead = held.Where(o => LeaseOwner.Parse(o)?.IsDeadPredecessorOf(_self, LeaseOwner.StartOfRunningProcess) == true).ToList();
        if (dead.Count == 0)
        {
            return 0;
        }

        var released = await db.ValidationJobs.Where(j => j.CompletedAt == null && dead.Contains(j.LeaseOwner!))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        logger.LogInformation("Released {Count} validation leases held by dead server processes of this machine", released);
        return released;
    }

    /// <summary>The id of a job this worker now holds, or null when none is waiting.</summary>
    public async Task<long?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var now = clock.GetUtcNow();
        var candidates = await db.ValidationJobs.AsNoTracking()
            .Where(j => j.CompletedAt == null && (j.LeaseExpiresAt == null || j.LeaseExpiresAt < now))
            .OrderBy(j => j.Id).Select(j => j.Id).Take(8).ToListAsync(cancellationToken);
        var until = now + Lease;
        foreach (var id in candidates)
        {
            var claimed = await db.ValidationJobs
                .Where(j => j.Id == id && j.CompletedAt == null && (j.LeaseExpiresAt == null || j.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.LeaseOwner, Owner)
                    .SetProperty(j => j.LeaseExpiresAt, until)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
            if (claimed == 1)
            {
                return id;
            }
        }

        return null;
    }
}
