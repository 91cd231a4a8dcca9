using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Rows;
using ModelHub.Datasets.Statistics;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets;

/// <summary>
/// The table engine of dataset versions. Input is local files (the server copies a blob to a cache file first); output
/// is plain records. Each call runs on its own in-memory DuckDB that can read only the files the call names and write
/// only a private scratch folder, with a memory limit and bounded threads; at most
/// <see cref="TableEngineOptions.MaxConcurrentOperations"/> calls run at once. Bad input raises a
/// <see cref="DatasetException"/> with a stable code; cancellation interrupts DuckDB.
/// </summary>
public sealed partial class TableEngine : IDisposable
{
    private readonly TableEngineOptions _options;
    private readonly SemaphoreSlim _gate;
    private readonly string _scratchRoot;

    public TableEngine(TableEngineOptions? options = null)
    {
        _options = options ?? new TableEngineOptions();
        _gate = new SemaphoreSlim(_options.MaxConcurrentOperations);
        _scratchRoot = _options.ScratchDirectory ?? Path.Combine(Path.GetTempPath(), "modelhub-datasets");
    }

    /// <summary>The DuckDB version the engine embeds (e.g. <c>v1.5.6</c>).</summary>
    public Task<string> DuckDbVersionAsync(CancellationToken cancellationToken = default) =>
        RunAsync([], s => s.SingleAsync("SELECT version()", r => r.GetString(0), cancellationToken), cancellationToken);

    /// <summary>
    /// Indexes a table: writes its materialised Parquet copy to <paramref name="materialisedPath"/> (replacing any file
    /// there; the server stores it as a derived blob and reads rows from it) and returns its schema, row count and
    /// statistics. <paramref name="versionFiles"/> are the paths of the version's files, for path columns; they are streamed
    /// into DuckDB (enumerated once, only when the table has text columns), so a lazy sequence keeps them out of memory.
    /// Throws <see cref="TableInvalidException"/> when the table does not parse.
    /// </summary>
    public Task<TableSummary> IndexAsync(
        string sourcePath,
        string materialisedPath,
        IEnumerable<string>? versionFiles = null,
        CancellationToken cancellationToken = default) =>
        RunAsync([sourcePath], async session =>
        {
            var source = await TableSource.OpenAsync(session, sourcePath, cancellationToken);
            var scratchCopy = Path.Combine(session.Scratch, "materialised.parquet");
            var materialised = await Materializer.WriteAsync(session, source, scratchCopy, _options.RowGroupSize, cancellationToken);
            var summary = await SummarizeAsync(session, materialised, TableFormats.Name(source.Format), versionFiles, cancellationToken);
            File.Move(scratchCopy, materialisedPath, overwrite: true);
            return summary;
        }, cancellationToken);

    /// <summary>Schema, row count and statistics of any table (source or materialised), without writing anything.</summary>
    public Task<TableSummary> InspectAsync(
        string path, IEnumerable<string>? versionFiles = null, CancellationToken cancellationToken = default) =>
        RunAsync([path], async session =>
        {
            var table = await TableSource.OpenAsync(session, path, cancellationToken);
            return await SummarizeAsync(session, table, TableFormats.Name(table.Format), versionFiles, cancellationToken);
        }, cancellationToken);

    /// <summary>The columns of a table (without the hidden row number of materialised tables).</summary>
    public Task<IReadOnlyList<TableColumn>> SchemaAsync(string path, CancellationToken cancellationToken = default) =>
        RunAsync([path], async session => (await TableSource.OpenAsync(session, path, cancellationToken)).Columns, cancellationToken);

    /// <summary>
    /// A page of rows, optionally filtered and searched. Fast at any offset on a materialised table; any other table is
    /// numbered on the fly. Throws <see cref="FilterException"/> or <see cref="UnknownColumnException"/> on a bad filter
    /// or column, <see cref="ArgumentOutOfRangeException"/> on an offset below 0 or a length outside 1..100.
    /// </summary>
    public Task<TableRows> RowsAsync(string path, RowsRequest request, CancellationToken cancellationToken = default) =>
        RunAsync([path], async session =>
        {
            var table = await TableSource.OpenAsync(session, path, cancellationToken);
            return await DuckErrors.FilteredAsync(
                () => RowReader.ReadAsync(session, table, request, _options, cancellationToken), table.Path);
        }, cancellationToken);

    /// <summary>The number of rows matching a filter and/or search (all rows when both are empty).</summary>
    public Task<long> CountAsync(
        string path, string? filter = null, string? search = null, CancellationToken cancellationToken = default) =>
        RunAsync([path], async session =>
        {
            var table = await TableSource.OpenAsync(session, path, cancellationToken);
            return await DuckErrors.FilteredAsync(
                () => RowReader.CountAsync(session, table, filter, search, cancellationToken), table.Path);
        }, cancellationToken);

    /// <summary>Writes any table as plain Parquet (its columns only, zstd) to <paramref name="destination"/>.</summary>
    public Task ExportParquetAsync(string path, Stream destination, CancellationToken cancellationToken = default) =>
        RunAsync([path], async session =>
        {
            var table = await TableSource.OpenAsync(session, path, cancellationToken);
            var output = Path.Combine(session.Scratch, "export.parquet");
            await Materializer.ExportAsync(session, table, output, cancellationToken);
            await using var file = new FileStream(
                output, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
            await file.CopyToAsync(destination, cancellationToken);
            return true;
        }, cancellationToken);

    public void Dispose() => _gate.Dispose();

    private async Task<TableSummary> SummarizeAsync(
        DuckSession session,
        TableSource table,
        string format,
        IEnumerable<string>? versionFiles,
        CancellationToken cancellationToken)
    {
        var (rowCount, statistics) = await DuckErrors.TableAsync(
            () => StatisticsCalculator.ComputeAsync(session, table, versionFiles, _options, cancellationToken), table.Path);
        return new TableSummary(format, rowCount, table.Columns, statistics);
    }

    // Joins read Parquet, never a CSV or JSON file several times at once (each such reader holds ~30 MiB of buffers).
    private async Task<TableSource> OpenMaterialisedAsync(DuckSession session, string path, CancellationToken cancellationToken)
    {
        var table = await TableSource.OpenAsync(session, path, cancellationToken);
        if (table.Materialised)
        {
            return table;
        }

        var copy = Path.Combine(session.Scratch, $"input-{Guid.NewGuid():N}.parquet");
        return await Materializer.WriteAsync(session, table, copy, _options.RowGroupSize, cancellationToken);
    }

    private async Task<T> RunAsync<T>(
        IEnumerable<string> readable, Func<DuckSession, Task<T>> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        var scratch = Path.Combine(_scratchRoot, Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(scratch);
            var files = readable.ToList();
            using var session = DuckSession.Open(_options, scratch, files, JsonThreads(files));
            return await operation(session);
        }
        finally
        {
            _gate.Release();
            DeleteScratch(scratch);
        }
    }

    // DuckDB's JSON reader takes ~32 MiB of buffers per thread: one thread keeps a JSONL read inside the memory limit.
    private int JsonThreads(List<string> files) =>
        files.Any(f => TableFormats.Detect(f) == TableFormat.JsonLines) ? 1 : _options.Threads;

    private static void DeleteScratch(string scratch)
    {
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a cancelled native call: left for the temp cleaner (the folder is named by a GUID, unused again).
        }
    }
}
