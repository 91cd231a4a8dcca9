using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;

namespace ModelHub.Database.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    public const string DefaultConnectionString = "Data Source=data/modelhub.db";

    /// <summary>Registers the embedded SQLite metadata store; the folder of the database file is created when missing.</summary>
    public static IServiceCollection AddSqliteDatabase(this IServiceCollection services, string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString ?? DefaultConnectionString)
        {
            // Writers wait for each other instead of failing with "database is locked".
            DefaultTimeout = 60,
            Pooling = true,
        };
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (folder is not null && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }

        services.AddDbContext<ModelHubDbContext, SqliteModelHubDbContext>(options =>
            options.UseSqlite(builder.ConnectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteModelHubDbContext).Assembly.FullName)));
        return services;
    }
}
