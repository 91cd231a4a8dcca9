using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelHub.Database.Postgres;

/// <summary>Lets the migrations tool build the context without the server or a live database.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresModelHubDbContext>
{
    public PostgresModelHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresModelHubDbContext>().UseNpgsql("Host=localhost;Database=modelhub_design").Options);
}
