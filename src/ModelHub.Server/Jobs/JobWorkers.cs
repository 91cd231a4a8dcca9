using ModelHub.Server.Repositories;

namespace ModelHub.Server.Jobs;

/// <summary>
/// Works through the job queue: each enabled <see cref="JobLane"/> runs its number of workers, each claiming a job of the
/// lane's kinds from <see cref="JobQueue"/> and handing it to the handler of its kind in a scope of its own.
/// </summary>
public sealed class JobWorkers(IServiceScopeFactory scopes, JobQueue queue, IEnumerable<JobLane> lanes, IRepositoryChanges changes,
    ILogger<JobWorkers> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Jobs this machine's previous server process held when it died are taken up now, not when their leases run out.
        try
        {
            await queue.ReleaseDeadLeasesAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not release the job leases of dead processes; they are taken up when they run out");
        }

        var running = new List<Task>();
        var signals = new List<SemaphoreSlim>();
        foreach (var lane in lanes)
        {
            if (!lane.Enabled)
            {
                logger.LogInformation("The {Lane} jobs are disabled on this server; other replicas must run them", lane.Name);
                continue;
            }

            lane.OnStart?.Invoke();
            var signal = new SemaphoreSlim(0, int.MaxValue);
            signals.Add(signal);
            running.AddRange(Enumerable.Range(0, lane.Parallelism).Select(_ => WorkAsync(lane, signal, stoppingToken)));
        }

        // A new version with work queued is a repository change: the workers look for its jobs at once rather than at their
        // next poll (a cross-replica change notification wakes the workers of every replica).
        using (changes.Subscribe(_ => signals.ForEach(s => s.Release())))
        {
            await Task.WhenAll(running);
        }

        signals.ForEach(s => s.Dispose());
    }

    /// <summary>
    /// The failed job is tried again after a pause (see <see cref="JobQueue.RetryLaterAsync"/>), else when its lease ends.
    /// </summary>
    private async Task RetryLaterAsync(ClaimedJob? job, CancellationToken stoppingToken)
    {
        try
        {
            if (job is not null)
            {
                await queue.RetryLaterAsync(job, stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not schedule the retry of job {JobId}; it is retried when its lease runs out", job!.Id);
        }
    }

    private async Task WorkAsync(JobLane lane, SemaphoreSlim signal, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ClaimedJob? job = null;
            try
            {
                if ((job = await queue.ClaimAsync(lane, stoppingToken)) is not null)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == job.Kind);
                    await handler.RunAsync(job, stoppingToken);
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
                logger.LogError(e, "A {Lane} job failed to run (attempt {Attempt}); it will be retried", lane.Name, job?.Attempt);
                await RetryLaterAsync(job, stoppingToken);
                await Task.Delay(Poll, stoppingToken);
            }
        }
    }
}
