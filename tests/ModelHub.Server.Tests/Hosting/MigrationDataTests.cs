using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ModelHub.Core.Data;
using ModelHub.Database.Postgres;
using ModelHub.Database.Sqlite;
using Npgsql;

namespace ModelHub.Server.Tests.Hosting;

/// <summary>
/// A database made by a server before the trust changes upgrades with its data intact: names that collide ignoring case
/// stay reachable, and tokens learn which token minted them. Run on both providers (their migrations are separate code).
/// </summary>
public abstract class MigrationDataTests
{
    private const string LastBefore = "20261123090821_Lineage";

    protected abstract Task<ModelHubDbContext> CreateEmptyDatabaseAsync();

    [Fact]
    public async Task Names_colliding_ignoring_case_and_token_parents_survive_the_upgrade()
    {
        await using var db = await CreateEmptyDatabaseAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(LastBefore);
        foreach (var sql in new[]
        {
            """
            INSERT INTO "Owners" ("Id", "Name", "CreatedAt") VALUES (1, 'acme', 0), (2, 'ACME', 0)
            """,
            """
            INSERT INTO "Repositories" ("Id", "OwnerId", "Name", "Kind", "Tags", "IsPrivate", "CreatedAt", "UpdatedAt")
            VALUES (1, 1, 'Detector', 0, '[]', false, 0, 0), (2, 1, 'detector', 0, '[]', false, 0, 0)
            """,
            """
            INSERT INTO "Tokens" ("Id", "Name", "SecretHash", "Prefix", "Scopes", "Owners", "CreatedBy", "CreatedAt")
            VALUES (1, 'a', 'h1', 'p', '["write"]', '["acme"]', 'admin', 0), (2, 'b', 'h2', 'p', '["read"]', '["acme"]', 'token:1', 0)
            """,
        })
        {
            await db.Database.ExecuteSqlRawAsync(Adapt(sql));
        }

        await migrator.MigrateAsync();

        var owners = await db.Owners.OrderBy(o => o.Id).Select(o => o.Name + "=" + o.NormalizedName).ToListAsync();
        var repositories = await db.Repositories.OrderBy(r => r.Id).Select(r => r.Name + "=" + r.NormalizedName).ToListAsync();
        var parents = await db.Tokens.OrderBy(t => t.Id).Select(t => t.ParentId).ToListAsync();
        Assert.Equal(["acme=acme", "ACME=acme#2"], owners);
        Assert.Equal(["Detector=detector", "detector=detector#2"], repositories);
        Assert.Equal([null, 1L], parents);
    }

    /// <summary>The statements above in this provider's dialect (SQLite stores timestamps as integers, lists as JSON text).</summary>
    protected abstract string Adapt(string sql);
}

public sealed class MigrationDataTestsOnSqlite : MigrationDataTests, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"modelhub-migration-{Guid.NewGuid():N}.db");

    protected override Task<ModelHubDbContext> CreateEmptyDatabaseAsync() => Task.FromResult<ModelHubDbContext>(
        new SqliteModelHubDbContext(new DbContextOptionsBuilder<SqliteModelHubDbContext>().UseSqlite($"Data Source={_file}").Options));

    protected override string Adapt(string sql) => sql;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}

public sealed class MigrationDataTestsOnPostgres : MigrationDataTests, IAsyncLifetime
{
    private readonly string _database = $"modelhub_migration_{Guid.NewGuid():N}"[..40];
    private string _server = "";

    public async Task InitializeAsync()
    {
        _server = (await ExternalServices.GetAsync()).PostgresConnectionString;
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    protected override Task<ModelHubDbContext> CreateEmptyDatabaseAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
        return Task.FromResult<ModelHubDbContext>(
            new PostgresModelHubDbContext(new DbContextOptionsBuilder<PostgresModelHubDbContext>().UseNpgsql(connection).Options));
    }

    // Timestamps are timestamptz and lists are text[] here.
    protected override string Adapt(string sql) => sql.Replace(", 0, 0)", ", now(), now())", StringComparison.Ordinal)
        .Replace(", 0)", ", now())", StringComparison.Ordinal)
        .Replace("'[\"write\"]'", "ARRAY['write']", StringComparison.Ordinal)
        .Replace("'[\"read\"]'", "ARRAY['read']", StringComparison.Ordinal)
        .Replace("'[\"acme\"]'", "ARRAY['acme']", StringComparison.Ordinal)
        .Replace("'[]'", "ARRAY[]::text[]", StringComparison.Ordinal);

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
