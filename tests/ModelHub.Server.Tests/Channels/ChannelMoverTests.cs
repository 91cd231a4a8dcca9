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
        var versions = new[]
        {
            ("1", VersionState.Published), ("2", VersionState.Published), ("3", VersionState.Validating), ("4", VersionState.Published),
        };
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

    private async Task<ChannelResult> RollbackAsync(string channel, string? to = null)
    {
        await using var db = _database.CreateContext();
        var repository = await db.Repositories.Include(r => r.Owner).SingleAsync(r => r.Id == _repositoryId);
        return await new ChannelMover(db, TimeProvider.System, _database.Notifier)
            .RollbackAsync(repository, channel, "token:1", default, to);
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

    [Fact]
    public async Task A_second_rollback_goes_further_back_instead_of_toggling()
    {
        await SeedAsync();
        foreach (var version in new[] { "1", "2", "4" })
        {
            await MoveAsync("stable", new MoveChannelRequest(version));
        }

        var first = await RollbackAsync("stable");
        var second = await RollbackAsync("stable");
        var third = await RollbackAsync("stable");

        Assert.Equal("2", first.Channel!.Version.Name);
        Assert.Equal("1", second.Channel!.Version.Name);
        Assert.Equal(ChannelOutcome.NothingToRollBack, third.Outcome);
    }

    [Fact]
    public async Task Rollback_to_a_named_version_needs_one_the_channel_served()
    {
        await SeedAsync();
        await MoveAsync("stable", new MoveChannelRequest("1"));
        await MoveAsync("stable", new MoveChannelRequest("2"));
        await MoveAsync("stable", new MoveChannelRequest("4"));

        var never = await RollbackAsync("stable", to: "3");
        var named = await RollbackAsync("stable", to: "1");
        var after = await RollbackAsync("stable");

        Assert.Equal(ChannelOutcome.NotInHistory, never.Outcome);
        Assert.Equal("1", named.Channel!.Version.Name);
        Assert.Equal(ChannelOutcome.NothingToRollBack, after.Outcome);
    }

    [Theory]
    [InlineData("1,2,1", "1")]
    [InlineData("1,2,3,2", "1,2")]
    [InlineData("1,2,3,1,4", "1,4")]
    [InlineData("1,1,2", "1,2")]
    public void History_is_a_stack_of_what_the_channel_served(string moves, string expected) =>
        Assert.Equal(expected.Split(','), ChannelHistory.Served(moves.Split(',')));

    public void Dispose() => _database.Dispose();
}
