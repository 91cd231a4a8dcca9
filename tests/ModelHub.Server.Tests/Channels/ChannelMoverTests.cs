using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Channels;
using ModelHub.Core.Entities;
using ModelHub.Server.Channels;

namespace ModelHub.Server.Tests.Channels;

public sealed class ChannelMoverTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private long _repositoryId;

    private async Task SeedAsync()
    {
        _repositoryId = (await _database.AddRepositoryAsync("acme", "model")).Id;
        await using var db = _database.CreateContext();
        var versions = new[] { ("1", VersionState.Published), ("2", VersionState.Published), ("3", VersionState.Validating) };
        foreach (var (name, state) in versions)
        {
            db.Versions.Add(new RepositoryVersion { RepositoryId = _repositoryId, Name = name, CreatedBy = "t", State = state });
        }

        await db.SaveChangesAsync();
    }

    private async Task<ChannelResult> MoveAsync(string channel, MoveChannelRequest request)
    {
        await using var db = _database.CreateContext();
        var repository = await db.Repositories.Include(r => r.Owner).SingleAsync(r => r.Id == _repositoryId);
        return await new ChannelMover(db, TimeProvider.System, _database.Notifier)
            .MoveAsync(repository, channel, request, "token:1", default);
    }

    private async Task<ChannelResult> RollbackAsync(string channel)
    {
        await using var db = _database.CreateContext();
        var repository = await db.Repositories.Include(r => r.Owner).SingleAsync(r => r.Id == _repositoryId);
        return await new ChannelMover(db, TimeProvider.System, _database.Notifier).RollbackAsync(repository, channel, "token:1", default);
    }

    [Theory]
    [InlineData("not a name", "1", null, null, ChannelOutcome.Invalid)]
    [InlineData("stable", "1", "2", null, ChannelOutcome.Invalid)]
    [InlineData("stable", "1", "2", 101.0, ChannelOutcome.Invalid)]
    [InlineData("stable", "9", null, null, ChannelOutcome.VersionNotFound)]
    [InlineData("stable", "3", null, null, ChannelOutcome.VersionNotPublished)]
    [InlineData("stable", "1", "3", 10.0, ChannelOutcome.VersionNotPublished)]
    [InlineData("stable", "1", "2", 10.0, ChannelOutcome.Moved)]
    public async Task Channels_point_only_at_published_versions(
        string channel, string version, string? rollout, double? percent, ChannelOutcome expected)
    {
        await SeedAsync();

        var result = await MoveAsync(channel, new MoveChannelRequest(version, rollout, percent));

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(expected == ChannelOutcome.Moved ? 1 : 0, _database.Changes.Count);
    }

    [Fact]
    public async Task Rollback_returns_to_the_version_before_the_last_move()
    {
        await SeedAsync();

        var unknown = await RollbackAsync("stable");
        await MoveAsync("stable", new MoveChannelRequest("1"));
        var never = await RollbackAsync("stable");
        await MoveAsync("stable", new MoveChannelRequest("2"));
        var back = await RollbackAsync("stable");

        Assert.Equal(ChannelOutcome.ChannelNotFound, unknown.Outcome);
        Assert.Equal(ChannelOutcome.NothingToRollBack, never.Outcome);
        Assert.Equal(ChannelOutcome.Moved, back.Outcome);
        Assert.Equal("1", back.Channel!.Version.Name);
        var history = await _database.ReadAsync(db =>
            db.ChannelEvents.OrderBy(e => e.Id).Select(e => e.FromVersion + ">" + e.ToVersion).ToListAsync());
        Assert.Equal([">1", "1>2", "2>1"], history);
    }

    public void Dispose() => _database.Dispose();
}
