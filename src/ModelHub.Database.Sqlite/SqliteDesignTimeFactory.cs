using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelHub.Database.Sqlite;

/// <summary>Lets the migrations tool build the context without the server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteModelHubDbContext>
{
    public SqliteModelHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteModelHubDbContext>().UseSqlite("Data Source=design.db").Options);
}
