using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Database.Sqlite;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Tests;

/// <summary>
/// An in-memory SQLite database with the real model, for unit tests of the services' rules; each test class instance
/// owns one (xUnit makes an instance per test). <see cref="Changes"/> records every repository change announced.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string? _file;
    private readonly InProcessRepositoryChanges _changes = new(NullLogger<InProcessRepositoryChanges>.Instance);
    private readonly IDisposable _recording;
    private readonly List<ModelHubDbContext> _contexts = [];

    /// <param name="onFile">A database file, each context with a connection of its own, so that contexts may be used at once
    /// (a background service beside the test); else one in-memory connection all contexts share, one at a time.</param>
    public TestDatabase(bool onFile = false)
    {
        _file = onFile ? Path.Combine(Path.GetTempPath(), $"modelhub-test-{Guid.NewGuid():N}.sqlite") : null;
        _connection = new SqliteConnection(_file is null ? "Data Source=:memory:" : $"Data Source={_file};Pooling=False");
        _connection.Open();
        using var db = CreateContext();
        db.Database.EnsureCreated();
        _recording = _changes.Subscribe(Changes.Add);
    }

    public IRepositoryChanges Notifier => _changes;

    public List<RepositoryChange> Changes { get; } = [];

    /// <summary>A new context on the same database, as a new request would get (disposed with the database at the latest).</summary>
    public ModelHubDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<SqliteModelHubDbContext>();
        var context = new SqliteModelHubDbContext((_file is null ? options.UseSqlite(_connection)
            : options.UseSqlite($"Data Source={_file};Pooling=False;Default Timeout=30")).Options);
        _contexts.Add(context);
        return context;
    }

    /// <summary>Reads with a context of its own, as a later request would.</summary>
    public async Task<T> ReadAsync<T>(Func<ModelHubDbContext, Task<T>> query)
    {
        await using var db = CreateContext();
        return await query(db);
    }

    public async Task<Repository> AddRepositoryAsync(string owner, string name, bool isPrivate = false,
        RepositoryKind kind = RepositoryKind.Model)
    {
        await using var db = CreateContext();
        var ownerRow = await db.Owners.SingleOrDefaultAsync(o => o.Name == owner) ?? new Owner { Name = owner };
        var repository = new Repository { Owner = ownerRow, Name = name, IsPrivate = isPrivate, Kind = kind };
        db.Repositories.Add(repository);
        await db.SaveChangesAsync();
        return repository;
    }

    public void Dispose()
    {
        _contexts.ForEach(c => c.Dispose());
        _recording.Dispose();
        _connection.Dispose();
        if (_file is not null)
        {
            File.Delete(_file);
        }
    }
}
