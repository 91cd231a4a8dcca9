using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Onnx.Validation;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Validation;

/// <summary>
/// Works through the validation queue in the database. A worker claims a job by a conditional update that only one
/// replica can win; the claim is a lease, so the job of a worker that died (or a server that restarted) is taken
/// up again once the lease runs out.
/// </summary>
public sealed class ValidationService(IServiceScopeFactory scopes, ValidationSignal signal, OnnxValidator validator,
    IRepositoryChanges changes, IOptions<ValidationQueueOptions> queue, IOptions<OnnxValidatorOptions> options, TimeProvider clock,
    ILogger<ValidationService> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private TimeSpan Lease => options.Value.Timeout + TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queue.Value.Enabled)
        {
            logger.LogInformation("Validation is disabled on this server; other replicas must run it");
            return;
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
                    .SetProperty(j => j.LeaseOwner, _owner)
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
