using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;

namespace ModelHub.Database.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>Registers PostgreSQL as the metadata store. Throws when no connection string is configured.</summary>
    public static IServiceCollection AddPostgresDatabase(this IServiceCollection services, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ModelHub:Database:ConnectionString is required when the provider is Postgres.");
        }

        services.AddDbContext<ModelHubDbContext, PostgresModelHubDbContext>(options =>
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresModelHubDbContext).Assembly.FullName)));
        return services;
    }
}
