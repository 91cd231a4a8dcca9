using Microsoft.EntityFrameworkCore;
using ModelHub.Database.Postgres;
using ModelHub.Database.Sqlite;

namespace ModelHub.Server.Tests.Hosting;

/// <summary>
/// The migrations of each provider describe the model the code declares: a change to an entity without a migration,
/// or a merge that kept one branch's snapshot and lost the other's, fails here rather than at a user's first start.
/// </summary>
public sealed class MigrationSnapshotTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var context = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(), "the SQLite migrations lag behind the model: add one");
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var context = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(), "the PostgreSQL migrations lag behind the model: add one");
    }
}
