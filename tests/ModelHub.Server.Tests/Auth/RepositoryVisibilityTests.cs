using Microsoft.EntityFrameworkCore;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Tests.Auth;

/// <summary>The one visibility rule, in both its forms, over a table of callers and repositories.</summary>
public sealed class RepositoryVisibilityTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public static TheoryData<string, string, bool, bool> Cases => new()
    {
        // caller, repository (owner/name), private, visible
        { "anonymous", "acme/open", false, true },
        { "anonymous", "acme/secret", true, false },
        { "read acme", "acme/open", false, true },
        { "read acme", "acme/secret", true, true },
        { "read acme", "other/secret", true, false },
        { "write acme", "acme/secret", true, true },
        { "write other", "acme/secret", true, false },
        { "write other", "other/secret", true, true },
        { "read acme, other", "other/secret", true, true },
        { "read *", "acme/secret", true, true },
        { "admin *", "other/secret", true, true },
        { "no scope, *", "acme/secret", true, false },
        { "no scope, acme", "acme/secret", true, false },
        { "no scope, acme", "acme/open", false, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Loaded_rows_and_database_queries_decide_alike(string caller, string repository, bool isPrivate, bool visible)
    {
        var who = Callers[caller];
        var (owner, name) = (repository.Split('/')[0], repository.Split('/')[1]);
        var row = await _database.AddRepositoryAsync(owner, name, isPrivate);
        await _database.AddRepositoryAsync("decoy", "hidden", isPrivate: true);
        await using var db = _database.CreateContext();

        var queried = await db.Repositories.ReadableBy(who).Select(r => r.Id).ToListAsync();
        var loaded = await db.Repositories.Include(r => r.Owner).SingleAsync(r => r.Id == row.Id);

        Assert.Equal(visible, who.CanSee(loaded));
        Assert.Equal(visible, who.CanSee(isPrivate, owner));
        Assert.Equal(visible, queried.Contains(row.Id));
        Assert.Equal(caller is "read *" or "admin *", queried.Count == 2);
    }

    private static readonly Dictionary<string, Caller> Callers = new()
    {
        ["anonymous"] = Caller.Anonymous,
        ["read acme"] = Token(["read"], ["acme"]),
        ["write acme"] = Token(["write"], ["acme"]),
        ["write other"] = Token(["write"], ["other"]),
        ["read acme, other"] = Token(["read"], ["acme", "other"]),
        ["read *"] = Token(["read"], ["*"]),
        ["admin *"] = Token(["admin", "write", "read"], ["*"]),
        ["no scope, *"] = Token([], ["*"]),
        ["no scope, acme"] = Token([], ["acme"]),
    };

    private static Caller Token(string[] scopes, string[] owners) => new("token:1", scopes.ToHashSet(), owners.ToHashSet());

    public void Dispose() => _database.Dispose();
}
