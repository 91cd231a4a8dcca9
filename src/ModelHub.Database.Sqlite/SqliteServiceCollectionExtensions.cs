using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Storage;

namespace ModelHub.Database.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    public const string DefaultConnectionString = "Data Source=data/modelhub.db";
    private static readonly WriteAheadLog Wal = new();

    /// <summary>Registers the embedded SQLite metadata store; the folder of the database file is created when missing.</summary>
    public static IServiceCollection AddSqliteDatabase(this IServiceCollection services, string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString ?? DefaultConnectionString)
        {
            // Writers wait for each other instead of failing with "database is locked".
            DefaultTimeout = 60,
            Pooling = true,
        };
        if (builder.DataSource != ":memory:")
        {
            CreateOwnerOnly(Path.GetFullPath(builder.DataSource));
        }

        services.AddDbContext<ModelHubDbContext, SqliteModelHubDbContext>(options =>
            options.UseSqlite(builder.ConnectionString,
                sqlite => sqlite.MigrationsAssembly(typeof(SqliteModelHubDbContext).Assembly.FullName))
                .AddInterceptors(Wal));
        return services;
    }

    /// <summary>
    /// Creates the database file empty (a valid SQLite database) with mode 0600 before SQLite does, so it is never readable
    /// by others; SQLite gives its -wal and -shm files the mode of the database. An existing file is tightened.
    /// </summary>
    private static void CreateOwnerOnly(string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(folder))
        {
            OwnerOnlyFiles.CreateFolder(folder);
        }

        if (!File.Exists(file))
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = OwnerOnlyFiles.FilePermissions;
                }

                using var created = new FileStream(file, options);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Created meanwhile by another process: tightened below.
            }
        }

        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            OwnerOnlyFiles.Restrict(path);
        }
    }
}
