using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Storage;
using ModelHub.Database.Postgres;
using ModelHub.Database.Sqlite;
using ModelHub.Storage.S3;

namespace ModelHub.Server.Hosting;

/// <summary>Chooses the metadata database and the blob store from configuration: an explicit switch, no provider machinery.</summary>
public static class StorageRegistration
{
    public const string StorageProviderKey = "ModelHub:Storage:Provider";

    public static IServiceCollection AddModelHubDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        return options.Provider.ToLowerInvariant() switch
        {
            "sqlite" => services.AddSqliteDatabase(options.ConnectionString),
            "postgres" or "postgresql" => services.AddPostgresDatabase(options.ConnectionString),
            _ => throw new InvalidOperationException(
                $"{DatabaseOptions.Section}:Provider '{options.Provider}' is unknown: use Sqlite or Postgres."),
        };
    }

    public static IServiceCollection AddModelHubBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration[StorageProviderKey] ?? "FileSystem";
        switch (provider.ToLowerInvariant())
        {
            case "filesystem":
                services.AddOptions<FileSystemStorageOptions>().BindConfiguration(FileSystemStorageOptions.Section)
                    .ValidateDataAnnotations().ValidateOnStart();
                services.AddSingleton<IBlobStore, FileSystemBlobStore>();
                return services;
            case "s3":
                return services.AddS3BlobStore();
            default:
                throw new InvalidOperationException($"{StorageProviderKey} '{provider}' is unknown: use FileSystem or S3.");
        }
    }

    /// <summary>Applies pending migrations before the server takes requests.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // Readers no longer wait for the writer.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }
}
