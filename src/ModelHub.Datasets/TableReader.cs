using DuckDB.NET.Data;
using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Rows;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets;

/// <summary>
/// Pages and counts of materialised tables kept in one folder (the server's cache of its own derived Parquet), through
/// one long-lived DuckDB that may read only that folder: a call costs a connection, not a database start, and Parquet
/// metadata stays cached between calls, which is most of a page read. The memory limit is shared by all calls; external
/// access, extensions and configuration are locked as in <see cref="TableEngine"/>. Files there must never change
/// under one name (they are named by digest). Bad filters and columns raise the same exceptions as
/// <see cref="TableEngine.RowsAsync"/>.
/// </summary>
public sealed class TableReader : IDisposable
{
    private readonly TableEngineOptions _options;
    private readonly string _directory;
    private readonly string _scratch;
    private readonly DuckDBConnection _shared;
    private readonly SemaphoreSlim _gate;

    public TableReader(string directory, TableEngineOptions? options = null)
    {
        _options = options ?? new TableEngineOptions();
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar;
        _scratch = Path.Combine(_options.ScratchDirectory ?? Path.Combine(Path.GetTempPath(), "modelhub-datasets"),
            "reader-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_scratch);
        _shared = DuckSession.OpenShared(_options, _scratch, _directory);
        _gate = new SemaphoreSlim(_options.MaxConcurrentOperations);
    }

    /// <summary>A page of rows of the materialised table at <paramref name="path"/> (a file in the reader's folder).</summary>
    public Task<TableRows> RowsAsync(string path, RowsRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(path, async session =>
        {
            var table = await TableSource.OpenAsync(session, path, cancellationToken);
            return await DuckErrors.FilteredAsync(
                () => RowReader.ReadAsync(session, table, request, _options, cancellationToken), table.Path);
        }, cancellationToken);

    /// <summary>The number of rows matching a filter and/or search.</summary>
    public Task<long> CountAsync(string path, string? filter, string? search, CancellationToken cancellationToken = default) =>
        RunAsync(path, async session =>
        {
            var table = await TableSource.OpenAsync(session, path, cancellationToken);
            return await DuckErrors.FilteredAsync(
                () => RowReader.CountAsync(session, table, filter, search, cancellationToken), table.Path);
        }, cancellationToken);

    public void Dispose()
    {
        _shared.Dispose();
        _gate.Dispose();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A spill file still held: the folder is named by a GUID and never used again.
        }
    }

    private async Task<T> RunAsync<T>(string path, Func<DuckSession, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (!Path.GetFullPath(path).StartsWith(_directory, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is not in the reader's folder.", nameof(path));
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var session = DuckSession.Duplicate(_shared, _scratch);
            return await operation(session);
        }
        finally
        {
            _gate.Release();
        }
    }
}
