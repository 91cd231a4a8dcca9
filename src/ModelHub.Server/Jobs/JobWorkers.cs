using System.Collections.Concurrent;
using ModelHub.Core.Entities;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Jobs;

/// <summary>
/// Works through the job queue: each enabled <see cref="JobLane"/> has its number of slots; while one is free, the lane
/// claims a job of its kinds from <see cref="JobQueue"/> and runs it in that slot, with the handler of its kind in a scope
/// of its own. A job this server creates may instead be handed straight to a free slot (<see cref="ReserveAsync"/>).
/// </summary>
public sealed class JobWorkers(IServiceScopeFactory scopes, JobQueue queue, IEnumerable<JobLane> lanes, IRepositoryChanges changes,
    ILogger<JobWorkers> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    // The lanes this server runs, once started; the jobs running in their slots, awaited when the server stops.
    private volatile IReadOnlyList<Slots> _running = [];
    private readonly ConcurrentDictionary<Task, byte> _jobs = new();
    private CancellationToken _stopping = new(canceled: true);

    /// <summary>
    /// Holds a free slot of this server's lane for <paramref name="kind"/> for a job about to be created for an owner, so
    /// that it starts the moment it is saved: no wake-up, no claim (<see cref="JobQueue.ClaimNewAsync"/>). Null when this
    /// server does not run the lane, no slot is free or the owner already runs its share: the job then waits in the queue.
    /// </summary>
    public async Task<JobHandOff?> ReserveAsync(string kind, long ownerId, CancellationToken cancellationToken)
    {
        var lane = _running.FirstOrDefault(s => s.Lane.Kinds.Contains(kind));
        if (lane is null || _stopping.IsCancellationRequested || !lane.Free.Wait(0, CancellationToken.None))
        {
            return null;
        }

        try
        {
            if (await queue.ClaimNewAsync(lane.Lane, ownerId, cancellationToken) is { } claim)
            {
                return new JobHandOff(this, lane, claim);
            }
        }
        catch
        {
            lane.Free.Release();
            throw;
        }

        lane.Free.Release();
        return null;
    }

    /// <summary>
    /// A slot held for a new job (<see cref="ReserveAsync"/>): stamp the job with the lease before it is saved, start it once
    /// it is; disposing a hand-off that was not started gives the slot back.
    /// </summary>
    public sealed class JobHandOff : IDisposable
    {
        private readonly JobWorkers _workers;
        private readonly Slots _lane;
        private readonly JobQueue.NewJobClaim _claim;
        private int _done;

        internal JobHandOff(JobWorkers workers, Slots lane, JobQueue.NewJobClaim claim) =>
            (_workers, _lane, _claim) = (workers, lane, claim);

        public void Stamp(Job job) => _claim.Stamp(job);

        /// <summary>Runs the saved <paramref name="job"/> in the slot held for it.</summary>
        public void Start(Job job)
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                _claim.Dispose();
                _workers.Run(_lane, new ClaimedJob(job.Id, job.Kind, job.Attempts));
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                _claim.Dispose();
                _lane.Free.Release();
            }
        }
    }

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

        var running = new List<Slots>();
        foreach (var lane in lanes)
        {
            if (!lane.Enabled)
            {
                logger.LogInformation("The {Lane} jobs are disabled on this server; other replicas must run them", lane.Name);
                continue;
            }

            lane.OnStart?.Invoke();
            running.Add(new Slots(lane));
        }

        _stopping = stoppingToken;
        _running = running;
        // A change that queued jobs (a new version's) wakes the lanes to look for them at once rather than at their next poll
        // (a cross-replica change notification wakes the lanes of every replica).
        using (changes.Subscribe(change =>
        {
            if (change.JobsQueued)
            {
                running.ForEach(s => s.Signal.Release());
            }
        }))
        {
            await Task.WhenAll(running.Select(s => ClaimAsync(s, stoppingToken)));
        }

        _running = [];
        await Task.WhenAll(_jobs.Keys);
    }

    /// <summary>Claims a job of the lane whenever one of its slots is free, and starts it there.</summary>
    private async Task ClaimAsync(Slots lane, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await lane.Free.WaitAsync(stoppingToken);
                ClaimedJob? job;
                try
                {
                    job = await queue.ClaimAsync(lane.Lane, stoppingToken);
                }
                catch
                {
                    lane.Free.Release();
                    throw;
                }

                if (job is not null)
                {
                    Run(lane, job);
                    continue;
                }

                lane.Free.Release();
                await lane.Signal.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Could not claim a {Lane} job; trying again shortly", lane.Lane.Name);
                await PauseAsync(stoppingToken);
            }
        }
    }

    private void Run(Slots lane, ClaimedJob job)
    {
        var running = RunAsync(lane, job);
        _jobs.TryAdd(running, 0);
        running.ContinueWith(t => _jobs.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RunAsync(Slots lane, ClaimedJob job)
    {
        // Off the caller's thread: a hand-off starts the job from the request that created it.
        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == job.Kind);
            await handler.RunAsync(job, _stopping);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "A {Lane} job failed to run (attempt {Attempt}); it will be retried", lane.Lane.Name, job.Attempt);
            await RetryLaterAsync(job);
            await PauseAsync(_stopping);
        }
        finally
        {
            lane.Free.Release();
        }
    }

    /// <summary>
    /// The failed job is tried again after a pause (see <see cref="JobQueue.RetryLaterAsync"/>), else when its lease ends.
    /// </summary>
    private async Task RetryLaterAsync(ClaimedJob job)
    {
        try
        {
            await queue.RetryLaterAsync(job, _stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the job is retried when its lease runs out.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not schedule the retry of job {JobId}; it is retried when its lease runs out", job.Id);
        }
    }

    private static async Task PauseAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Poll, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// A running lane: its free slots, and the signal that wakes it to claim. Not disposed: a request holding a slot may
    /// give it back after the server stopped (neither semaphore has a wait handle to free).
    /// </summary>
    internal sealed class Slots(JobLane lane)
    {
        public JobLane Lane { get; } = lane;

        public SemaphoreSlim Free { get; } = new(lane.Parallelism, lane.Parallelism);

        public SemaphoreSlim Signal { get; } = new(0, int.MaxValue);
    }
}
