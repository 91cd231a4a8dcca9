using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Tests.Repositories;

public sealed class RepositoryServiceTests : IDisposable
{
    private static readonly Caller Writer = new("token:1", new HashSet<string> { "write" }, new HashSet<string> { "acme" });

    private readonly TestDatabase _database = new();

    private RepositoryService Service() => new(_database.CreateContext(), TimeProvider.System, _database.Notifier);

    private static CreateRepositoryRequest Request(string owner, string name) => new(owner, name, "about", null, ["Vision"], false);

    [Fact]
    public async Task Creating_checks_names_then_access_then_uniqueness_and_announces_only_what_it_stored()
    {
        var invalid = await Service().CreateAsync("models", Request("acme", "bad name"), Writer, default);
        var anonymous = await Service().CreateAsync("models", Request("acme", "detector"), Caller.Anonymous, default);
        var forbidden = await Service().CreateAsync("models", Request("other", "detector"), Writer, default);
        var created = await Service().CreateAsync("models", Request("acme", "detector"), Writer, default);
        var again = await Service().CreateAsync("models", Request("acme", "detector"), Writer, default);

        Assert.Equal("invalid_name", invalid.Error!.Code);
        Assert.Equal(RepositoryOutcome.Unauthenticated, anonymous.Outcome);
        Assert.Equal(RepositoryOutcome.Forbidden, forbidden.Outcome);
        Assert.Equal(RepositoryOutcome.Created, created.Outcome);
        Assert.Equal(["vision"], created.Repository!.Tags);
        Assert.Equal(RepositoryOutcome.Exists, again.Outcome);
        Assert.Equal([new RepositoryChange(created.Repository.Id, "acme", "detector")], _database.Changes);
    }

    [Fact]
    public async Task Invalid_selection_rules_change_nothing()
    {
        var row = await _database.AddRepositoryAsync("acme", "detector");
        await using var db = _database.CreateContext();
        var repository = await db.Repositories.Include(r => r.Owner).SingleAsync(r => r.Id == row.Id);
        var service = new RepositoryService(db, TimeProvider.System, _database.Notifier);

        var request = new UpdateRepositoryRequest("changed", null, null, null, [new SelectionRule("bad name")]);

        var result = await service.UpdateAsync(repository, request, default);

        Assert.Equal("invalid_field", result.Error!.Code);
        Assert.Null((await _database.ReadAsync(db => db.Repositories.SingleAsync())).Description);
        Assert.Empty(_database.Changes);
    }

    [Fact]
    public async Task A_dataset_named_by_another_repository_is_not_deleted()
    {
        var dataset = await _database.AddRepositoryAsync("acme", "data", kind: RepositoryKind.Dataset);
        var model = await _database.AddRepositoryAsync("acme", "model");
        await using (var seed = _database.CreateContext())
        {
            var used = new RepositoryVersion { RepositoryId = dataset.Id, Name = "1", CreatedBy = "t", State = VersionState.Published };
            var naming = new RepositoryVersion { RepositoryId = model.Id, Name = "1", CreatedBy = "t" };
            naming.Datasets.Add(new VersionLink { DatasetVersion = used });
            seed.Versions.Add(naming);
            await seed.SaveChangesAsync();
        }

        await using var db = _database.CreateContext();
        var result = await new RepositoryService(db, TimeProvider.System, _database.Notifier)
            .DeleteAsync(await db.Repositories.Include(r => r.Owner).SingleAsync(r => r.Id == dataset.Id), default);

        Assert.Equal(RepositoryOutcome.InUse, result.Outcome);
        Assert.Contains("acme/model@1", result.Detail);
        Assert.Equal(2, await _database.ReadAsync(db => db.Repositories.CountAsync()));
        Assert.Empty(_database.Changes);
    }

    public void Dispose() => _database.Dispose();
}
