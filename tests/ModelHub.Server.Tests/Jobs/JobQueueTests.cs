using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Jobs;

namespace ModelHub.Server.Tests.Jobs;

/// <summary>The one place jobs are claimed: by kind, once per lease, oldest first, never when completed.</summary>
public sealed class JobQueueTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly TestDatabase _database = new();
    private readonly Clock _clock = new();
    private readonly ServiceProvider _services;

    public JobQueueTests()
    {
        _services = new ServiceCollection().AddScoped<ModelHubDbContext>(_ => _database.CreateContext()).BuildServiceProvider();
    }

    [Fact]
    public async Task A_lane_claims_only_its_kinds_oldest_first_and_each_job_once_per_lease()
    {
        var (validation, table, thumbnails) = await AddJobsAsync();
        var queue = new JobQueue(_services.GetRequiredService<IServiceScopeFactory>(), _clock, NullLogger<JobQueue>.Instance);

        var first = await queue.ClaimAsync([JobKinds.TableIndex, JobKinds.Thumbnails], Lease, default);
        var second = await queue.ClaimAsync([JobKinds.TableIndex, JobKinds.Thumbnails], Lease, default);
        var none = await queue.ClaimAsync([JobKinds.TableIndex, JobKinds.Thumbnails], Lease, default);
        var other = await queue.ClaimAsync([JobKinds.Validation], Lease, default);

        Assert.Equal((table, JobKinds.TableIndex, 1), (first!.Id, first.Kind, first.Attempt));
        Assert.Equal(thumbnails, second!.Id);
        Assert.Null(none);
        Assert.Equal(validation, other!.Id);
    }

    [Fact]
    public async Task A_job_whose_lease_ran_out_is_claimed_again_and_a_completed_one_never()
    {
        var (_, table, thumbnails) = await AddJobsAsync();
        var queue = new JobQueue(_services.GetRequiredService<IServiceScopeFactory>(), _clock, NullLogger<JobQueue>.Instance);
        string[] kinds = [JobKinds.TableIndex, JobKinds.Thumbnails];
        await queue.ClaimAsync(kinds, Lease, default);
        await queue.ClaimAsync(kinds, Lease, default);
        await using (var db = _database.CreateContext())
        {
            (await db.Jobs.FindAsync(thumbnails))!.CompletedAt = _clock.GetUtcNow();
            await db.SaveChangesAsync();
        }

        _clock.Now += Lease + TimeSpan.FromSeconds(1);
        var again = await queue.ClaimAsync(kinds, Lease, default);
        var none = await queue.ClaimAsync(kinds, Lease, default);

        Assert.Equal((table, 2), (again!.Id, again.Attempt));
        Assert.Null(none);
    }

    [Fact]
    public async Task A_failed_attempt_is_claimed_again_after_a_pause_growing_with_its_attempts_not_after_the_lease()
    {
        var (_, table, _) = await AddJobsAsync();
        var queue = new JobQueue(_services.GetRequiredService<IServiceScopeFactory>(), _clock, NullLogger<JobQueue>.Instance);
        string[] kinds = [JobKinds.TableIndex];
        var first = await queue.ClaimAsync(kinds, Lease, default);

        await queue.RetryLaterAsync(first!, default);
        var tooSoon = await queue.ClaimAsync(kinds, Lease, default);
        _clock.Now += JobQueue.RetryDelay + TimeSpan.FromSeconds(1);
        var second = await queue.ClaimAsync(kinds, Lease, default);
        await queue.RetryLaterAsync(second!, default);
        _clock.Now += JobQueue.RetryDelay + TimeSpan.FromSeconds(1);
        var stillWaiting = await queue.ClaimAsync(kinds, Lease, default);
        _clock.Now += JobQueue.RetryDelay;
        var third = await queue.ClaimAsync(kinds, Lease, default);

        Assert.Null(tooSoon);
        Assert.Equal((table, 2), (second!.Id, second.Attempt));
        Assert.Null(stillWaiting);
        Assert.Equal((table, 3), (third!.Id, third.Attempt));
    }

    [Fact]
    public async Task A_lane_with_a_per_owner_share_skips_an_owner_at_its_share_until_one_of_its_jobs_ends()
    {
        var alice = await ValidationJobsAsync("alice", 3);
        var bob = await ValidationJobsAsync("bob", 1);
        using var queue = new JobQueue(_services.GetRequiredService<IServiceScopeFactory>(), _clock, NullLogger<JobQueue>.Instance);
        var lane = new JobLane("validation", [JobKinds.Validation], true, 3, Lease, PerOwner: 2);

        var claims = new[] { await queue.ClaimAsync(lane, default), await queue.ClaimAsync(lane, default),
            await queue.ClaimAsync(lane, default) };
        var full = await queue.ClaimAsync(lane, default);
        await using (var db = _database.CreateContext())
        {
            (await db.Jobs.FindAsync(alice[0]))!.CompletedAt = _clock.GetUtcNow();
            await db.SaveChangesAsync();
        }

        var freed = await queue.ClaimAsync(lane, default);

        // Oldest first, but alice's third waits behind bob's while she runs two.
        Assert.Equal([alice[0], alice[1], bob[0]], claims.Select(c => c!.Id));
        Assert.Null(full);
        Assert.Equal(alice[2], freed!.Id);
    }

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }

    private async Task<long[]> ValidationJobsAsync(string owner, int count)
    {
        var repository = await _database.AddRepositoryAsync(owner, "model");
        await using var db = _database.CreateContext();
        var jobs = Enumerable.Range(0, count).Select(i => new Job
        {
            Kind = JobKinds.Validation,
            Version = new RepositoryVersion { RepositoryId = repository.Id, Name = $"{i}", CreatedBy = "t" },
            CreatedAt = _clock.Now,
        }).ToList();
        db.Jobs.AddRange(jobs);
        await db.SaveChangesAsync();
        return [.. jobs.Select(j => j.Id)];
    }

    private async Task<(long Validation, long Table, long Thumbnails)> AddJobsAsync()
    {
        var repository = await _database.AddRepositoryAsync("lab", "data", kind: RepositoryKind.Dataset);
        await using var db = _database.CreateContext();
        var version = new RepositoryVersion { RepositoryId = repository.Id, Name = "1", CreatedBy = "t" };
        var jobs = new[]
        {
            new Job { Kind = JobKinds.Validation, Version = version, CreatedAt = _clock.Now },
            new Job { Kind = JobKinds.TableIndex, Version = version, Subject = "train.csv", CreatedAt = _clock.Now },
            new Job { Kind = JobKinds.Thumbnails, Version = version, CreatedAt = _clock.Now },
        };
        db.Jobs.AddRange(jobs);
        await db.SaveChangesAsync();
        return (jobs[0].Id, jobs[1].Id, jobs[2].Id);
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
