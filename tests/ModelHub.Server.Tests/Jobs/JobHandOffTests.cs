using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Jobs;

namespace ModelHub.Server.Tests.Jobs;

/// <summary>
/// A job created on a server with a free slot of its lane is saved already claimed and handed straight to that slot: the
/// slot is held from the reservation, the owner's share is checked as a claim checks it, and an unused hand-off gives its
/// slot back. The lane's own workers run beside the test, on a database file each context opens on its own.
/// </summary>
public sealed class JobHandOffTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TestDatabase _database = new(onFile: true);
    private readonly BlockingHandler _handler = new();
    private ServiceProvider _services = null!;
    private JobWorkers _workers = null!;

    private async Task StartAsync(int parallelism, int? perOwner = null)
    {
        _services = new ServiceCollection()
            .AddScoped<ModelHubDbContext>(_ => _database.CreateContext())
            .AddSingleton<IJobHandler>(_handler)
            .BuildServiceProvider();
        var scopes = _services.GetRequiredService<IServiceScopeFactory>();
        var queue = new JobQueue(scopes, TimeProvider.System, NullLogger<JobQueue>.Instance);
        var lane = new JobLane("validation", [JobKinds.Validation], true, parallelism, TimeSpan.FromMinutes(5), PerOwner: perOwner);
        _workers = new JobWorkers(scopes, queue, [lane], _database.Notifier, NullLogger<JobWorkers>.Instance);
        await _workers.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_held_slot_runs_the_job_saved_for_it_at_once_and_is_free_again_when_it_ends()
    {
        await StartAsync(parallelism: 1);
        var repository = await _database.AddRepositoryAsync("alice", "model");

        using var handOff = await ReserveAsync(repository.OwnerId);
        var second = await _workers.ReserveAsync(JobKinds.Validation, repository.OwnerId, CancellationToken.None);
        var job = await SaveJobAsync(repository.Id, handOff);
        handOff.Start(job);
        var ran = await _handler.Started.Task.WaitAsync(Patience);
        var whileRunning = await _workers.ReserveAsync(JobKinds.Validation, repository.OwnerId, CancellationToken.None);
        var claimable = await ClaimableAsync();
        _handler.Finish.SetResult();
        using var after = await ReserveAsync(repository.OwnerId);

        Assert.Null(second);
        Assert.Equal((job.Id, 1), (ran.Id, ran.Attempt));
        Assert.Null(whileRunning);
        // Saved with this server's lease: no worker claims it while it runs.
        Assert.False(claimable);
        var saved = await _database.ReadAsync(db => db.Jobs.SingleAsync(j => j.Id == job.Id));
        Assert.Equal(1, saved.Attempts);
        Assert.NotNull(saved.LeaseOwner);
        Assert.NotNull(after);
    }

    [Fact]
    public async Task An_owner_running_its_share_gets_no_slot_until_a_job_of_hers_ends_and_an_unused_hand_off_gives_its_slot_back()
    {
        await StartAsync(parallelism: 2, perOwner: 1);
        var alice = await _database.AddRepositoryAsync("alice", "model");
        var bob = await _database.AddRepositoryAsync("bob", "model");

        using var first = await ReserveAsync(alice.OwnerId);
        var job = await SaveJobAsync(alice.Id, first);
        first.Start(job);
        await _handler.Started.Task.WaitAsync(Patience);
        var atShare = await _workers.ReserveAsync(JobKinds.Validation, alice.OwnerId, CancellationToken.None);
        JobWorkers.JobHandOff? full;
        using (await ReserveAsync(bob.OwnerId))
        {
            full = await _workers.ReserveAsync(JobKinds.Validation, bob.OwnerId, CancellationToken.None);
        }

        using var afterUnused = await ReserveAsync(bob.OwnerId);
        afterUnused.Dispose();
        await using (var db = _database.CreateContext())
        {
            await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(u => u.SetProperty(j => j.CompletedAt, DateTimeOffset.UtcNow));
        }

        using var freed = await ReserveAsync(alice.OwnerId);

        Assert.Null(atShare);
        Assert.Null(full);
        Assert.NotNull(freed);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _handler.Finish.TrySetResult();
        await _workers.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _workers.Dispose();
        _services.Dispose();
        _database.Dispose();
    }

    /// <summary>
    /// A slot for the owner. The lane's own worker holds a slot for a moment whenever it looks for queued jobs, so a
    /// reservation is asked again until it is given (at once, but for that moment).
    /// </summary>
    private async Task<JobWorkers.JobHandOff> ReserveAsync(long ownerId)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await _workers.ReserveAsync(JobKinds.Validation, ownerId, CancellationToken.None) is { } handOff)
            {
                return handOff;
            }

            Assert.True(DateTime.UtcNow < until, "no slot was given");
            await Task.Delay(10);
        }
    }

    private async Task<Job> SaveJobAsync(long repositoryId, JobWorkers.JobHandOff handOff)
    {
        await using var db = _database.CreateContext();
        var version = new RepositoryVersion { RepositoryId = repositoryId, Name = Guid.NewGuid().ToString("N")[..8], CreatedBy = "t" };
        var job = new Job { Kind = JobKinds.Validation, Version = version, CreatedAt = DateTimeOffset.UtcNow };
        handOff.Stamp(job);
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }

    private async Task<bool> ClaimableAsync()
    {
        var queue = new JobQueue(_services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger<JobQueue>.Instance);
        return await queue.ClaimAsync([JobKinds.Validation], TimeSpan.FromMinutes(5), CancellationToken.None) is not null;
    }

    /// <summary>Records the job it was given and holds its slot until the test lets it finish.</summary>
    private sealed class BlockingHandler : IJobHandler
    {
        public TaskCompletionSource<ClaimedJob> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => JobKinds.Validation;

        public async Task RunAsync(ClaimedJob job, CancellationToken cancellationToken)
        {
            Started.TrySetResult(job);
            await Finish.Task;
        }
    }
}
