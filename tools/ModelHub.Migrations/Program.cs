// Scaffolds an EF Core migration for both database providers (the dotnet-ef tool is not on the
// NuGet mirror, so this calls the same design-time services it uses).
// Usage: dotnet run --project tools/ModelHub.Migrations -- <MigrationName>
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Database.Postgres;
using ModelHub.Database.Sqlite;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ModelHub.Migrations <MigrationName>");
    return 2;
}

var root = FindRepositoryRoot();
Scaffold(new SqliteDesignTimeFactory().CreateDbContext([]),
    Path.Combine(root, "src", "ModelHub.Database.Sqlite"), "ModelHub.Database.Sqlite", args[0]);
Scaffold(new PostgresDesignTimeFactory().CreateDbContext([]),
    Path.Combine(root, "src", "ModelHub.Database.Postgres"), "ModelHub.Database.Postgres", args[0]);
return 0;

static void Scaffold(DbContext context, string projectDir, string rootNamespace, string name)
{
    var reporter = new OperationReporter(handler: null);
    var designServices = new DesignTimeServicesBuilder(context.GetType().Assembly, typeof(Program).Assembly, reporter, [])
        .Build(context);
    var scaffolder = designServices.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(name, rootNamespace, "Migrations", "C#");
    var files = scaffolder.Save(projectDir, migration, Path.Combine(projectDir, "Migrations"));
    Console.WriteLine($"{context.GetType().Name}: {files.MigrationFile}");
}

static string FindRepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelHub.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
