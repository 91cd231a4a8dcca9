using System.Data;
using DuckDB.NET.Data;

namespace ModelHub.Datasets.Engine;

/// <summary>
/// One operation's DuckDB: a fresh in-memory database that may read only the files named when it was opened and
/// read/write only its own scratch folder. External access is off, extensions cannot be installed or loaded, and the
/// configuration is locked before any caller SQL runs, so nothing sent later can widen it. The allocator hands memory
/// back after any task that peaked above 32 MiB (DuckDB's default, 128 MiB, kept the server's RSS high between calls).
/// </summary>
internal sealed class DuckSession : IDisposable
{
    private readonly DuckDBConnection _connection;

    private DuckSession(DuckDBConnection connection, string scratch)
    {
        _connection = connection;
        Scratch = scratch;
    }

    /// <summary>The folder DuckDB may write to (temp files, outputs); the caller deletes it after the session.</summary>
    public string Scratch { get; }

    public static DuckSession Open(TableEngineOptions options, string scratch, IEnumerable<string> readableFiles, int? threads = null) =>
        Open(OpenDatabase(), options, scratch, readableFiles, threads);

    /// <summary>A fresh in-memory database, open and not configured yet: it may be started ahead of need (starting one costs
    /// ~20 ms), and must be handed to <see cref="Open(DuckDBConnection, TableEngineOptions, string, IEnumerable{string}, int?)"/>
    /// before any SQL runs on it.</summary>
    public static DuckDBConnection OpenDatabase()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A session on <paramref name="database"/> from <see cref="OpenDatabase"/>, configured and locked now; the session
    /// owns it.</summary>
    public static DuckSession Open(DuckDBConnection database, TableEngineOptions options, string scratch,
        IEnumerable<string> readableFiles, int? threads = null)
    {
        var connection = database;
        try
        {
            Configure(connection, options, scratch, readableFiles, [], threads);
            return new DuckSession(connection, scratch);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A long-lived database that may read every file under <paramref name="directory"/> (and only there, besides its
    /// scratch folder), for <see cref="TableReader"/>: sessions are connections duplicated from it, so a call pays for no
    /// database start, and Parquet metadata stays cached between calls (files there never change under one name).
    /// </summary>
    public static DuckDBConnection OpenShared(TableEngineOptions options, string scratch, string directory)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            using (var cache = connection.CreateCommand())
            {
                cache.CommandText = "SET parquet_metadata_cache = true";
                cache.ExecuteNonQuery();
            }

            Configure(connection, options, scratch, [], [directory], threads: null);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A session on a connection of the shared database; disposing it closes only that connection.</summary>
    public static DuckSession Duplicate(DuckDBConnection shared, string scratch)
    {
        var connection = shared.Duplicate();
        connection.Open();
        return new DuckSession(connection, scratch);
    }

    private static void Configure(DuckDBConnection connection, TableEngineOptions options, string scratch,
        IEnumerable<string> readableFiles, IEnumerable<string> readableDirectories, int? threads)
    {
        var files = string.Join(", ", readableFiles.Select(f => Sql.Literal(Path.GetFullPath(f))));
        var folders = string.Join(", ", readableDirectories.Append(scratch)
            .Select(d => Sql.Literal(Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) + Path.DirectorySeparatorChar)));
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SET threads = {threads ?? options.Threads};
            SET memory_limit = '{options.MemoryLimitMb}MiB';
            SET temp_directory = {Sql.Literal(Path.Combine(scratch, "spill"))};
            SET max_temp_directory_size = '{options.MaxSpillMb}MiB';
            SET allocator_flush_threshold = '32MiB';
            SET preserve_insertion_order = true;
            SET autoinstall_known_extensions = false;
            SET autoload_known_extensions = false;
            SET allow_community_extensions = false;
            SET allowed_paths = [{files}];
            SET allowed_directories = [{folders}];
            SET enable_external_access = false;
            SET lock_configuration = true;
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a statement off the caller's thread; cancellation interrupts DuckDB.</summary>
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] parameters) =>
        RunAsync(sql, parameters, command => command.ExecuteNonQuery(), cancellationToken);

    /// <summary>Runs a query and maps each row; for bounded results only (pages, aggregates).</summary>
    public Task<List<T>> QueryAsync<T>(
        string sql, Func<IDataRecord, T> map, CancellationToken cancellationToken, params object?[] parameters) =>
        RunAsync(sql, parameters, command =>
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(map(reader));
            }

            return rows;
        }, cancellationToken);

    public async Task<T> SingleAsync<T>(
        string sql, Func<IDataRecord, T> map, CancellationToken cancellationToken, params object?[] parameters) =>
        (await QueryAsync(sql, map, cancellationToken, parameters)).Single();

    /// <summary>Bulk-loads strings into a new one-column table (the version's file paths, keys to delete…).</summary>
    public Task LoadStringsAsync(string table, IEnumerable<string> values, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            using (var create = _connection.CreateCommand())
            {
                create.CommandText = $"CREATE TABLE {Sql.Identifier(table)} (value VARCHAR)";
                create.ExecuteNonQuery();
            }

            using var appender = _connection.CreateAppender(table);
            foreach (var value in values)
            {
                cancellationToken.ThrowIfCancellationRequested();
                appender.CreateRow().AppendValue(value).EndRow();
            }
        }, cancellationToken);

    /// <summary>Another connection to this session's database (its settings, its tables, its memory limit), for work that runs
    /// beside this connection's queries; disposing it closes only that connection.</summary>
    public DuckSession Connect() => Duplicate(_connection, Scratch);

    /// <summary>Creates the table <paramref name="table"/> of <paramref name="columns"/> (name, SQL type) and returns an appender
    /// into it: rows go in typed, without SQL text per row (the evaluation's predictions).</summary>
    public DuckDBAppender CreateAppender(string table, IEnumerable<(string Name, string Type)> columns)
    {
        using (var create = _connection.CreateCommand())
        {
            create.CommandText =
                $"CREATE TABLE {Sql.Identifier(table)} ({string.Join(", ", columns.Select(c => $"{Sql.Identifier(c.Name)} {c.Type}"))})";
            create.ExecuteNonQuery();
        }

        return _connection.CreateAppender(table);
    }

    public void Dispose() => _connection.Dispose();

    private Task<T> RunAsync<T>(string sql, object?[] parameters, Func<DuckDBCommand, T> run, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
            }

            using var registration = cancellationToken.Register(command.Cancel);
            return run(command);
        }, cancellationToken);
}
