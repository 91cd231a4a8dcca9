using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Datasets;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Datasets;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Isolation;
using ModelHub.Datasets.Rows;
using ModelHub.Server.Blobs;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Reads the indexed tables of a dataset's published versions: the list, schema, statistics, pages of rows with links
/// to the media they name, counts and Parquet exports. Rows are read in this process from the materialised copies (our
/// own Parquet, through the bounded local cache), never from what users uploaded; exports are written by the worker.
/// </summary>
public sealed class DatasetTables(ModelHubDbContext db, TableReader reader, TableCache cache, DerivedBlobs derived,
    DatasetWorker worker, IBlobStore store, TableLookups lookups, Microsoft.Extensions.Options.IOptions<DatasetOptions> options)
{
    // Blob sizes never change: the size of a materialised copy is asked of the database once per process.
    private static readonly ConcurrentDictionary<string, long> Sizes = new(StringComparer.Ordinal);

    public async Task<List<TableInfo>?> ListAsync(long repositoryId, string version, CancellationToken cancellationToken)
    {
        var found = await db.Versions.AsNoTracking().Include(v => v.Tables)
            .SingleOrDefaultAsync(v => v.RepositoryId == repositoryId && v.Name == version, cancellationToken);
        return found?.Tables.OrderBy(t => t.Path, StringComparer.Ordinal).Select(t => t.AsInfo()).ToList();
    }

    /// <summary>The table <paramref name="path"/> of published version <paramref name="version"/>, if it can be read.</summary>
    public async Task<TableLookup> FindAsync(long repositoryId, string version, string? path, CancellationToken cancellationToken)
    {
        if (path is not null && lookups.TryGet(repositoryId, version, path, out var known))
        {
            return known.Lookup;
        }

        var lookup = await LookUpAsync(repositoryId, version, path, cancellationToken);
        if (lookup.Outcome == TableOutcome.Found)
        {
            lookups.Remember(repositoryId, version, lookup);
        }

        return lookup;
    }

    private async Task<TableLookup> LookUpAsync(long repositoryId, string version, string? path, CancellationToken cancellationToken)
    {
        // One query for the usual case (the table exists); a second only to tell a missing version from a missing table.
        var pair = path is null ? null : await db.Tables.AsNoTracking()
            .Where(t => t.Path == path && t.Version.RepositoryId == repositoryId && t.Version.Name == version
                && t.Version.State == VersionState.Published)
            .Select(t => new { Table = t, t.Version }).SingleOrDefaultAsync(cancellationToken);
        var found = pair?.Version ?? await db.Versions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.RepositoryId == repositoryId && v.Name == version && v.State == VersionState.Published,
                cancellationToken);
        if (found is null)
        {
            return new(TableOutcome.VersionNotFound, $"No published version {version}.");
        }

        var table = pair?.Table;
        return table switch
        {
            null => new(TableOutcome.TableNotFound, $"Version {version} has no table '{path}' (CSV, TSV, JSONL or Parquet file)."),
            { State: TableState.Pending } => new(TableOutcome.NotReady, $"'{path}' is still being indexed; try again shortly."),
            { State: TableState.Failed } => new(TableOutcome.Invalid, table.Error ?? $"'{path}' could not be read as a table."),
            _ => new(TableOutcome.Found, Version: found, Table: table),
        };
    }

    /// <summary>A page of rows; the request was checked by the caller (offset ≥ 0, length 1..100).</summary>
    public async Task<DatasetRows> RowsAsync(TableLookup lookup, string repositoryPath, RowsRequest request,
        CancellationToken cancellationToken)
    {
        var table = lookup.Table!;
        TableRows rows;
        using (var lease = await LeaseAsync(table, cancellationToken))
        {
            rows = await reader.RowsAsync(lease.Path, request, cancellationToken);
        }

        var version = lookup.Version!;
        var summary = lookups.TryGet(version.RepositoryId, version.Name, table.Path, out var known)
            ? known.Summary : VersionTables.ReadSummary(table.Summary)!;
        var links = await MediaLinks.ForAsync(db, lookup.Version!, repositoryPath, summary, rows, cancellationToken);
        var total = request.Filter is null && request.Search is null ? table.RowCount : null;
        return new DatasetRows(table.Path, request.Offset, rows.Columns,
            [.. rows.Rows.Select((r, i) => new DatasetRow(r.RowIndex, r.Values, r.TruncatedCells, links[i]))], total);
    }

    public async Task<long> CountAsync(TableLookup lookup, string? filter, string? search, CancellationToken cancellationToken)
    {
        if (filter is null && search is null)
        {
            return lookup.Table!.RowCount ?? 0;
        }

        using var lease = await LeaseAsync(lookup.Table!, cancellationToken);
        return await reader.CountAsync(lease.Path, filter, search, cancellationToken);
    }

    /// <summary>The table as plain Parquet: the file itself when it is one, else an export made once and kept as a derived blob.</summary>
    public async Task<(string Digest, long Size)> ParquetAsync(TableLookup lookup, CancellationToken cancellationToken)
    {
        var table = lookup.Table!;
        if (table.Format == "parquet")
        {
            var size = await db.Blobs.Where(b => b.Digest == table.SourceDigest).Select(b => b.Size).SingleAsync(cancellationToken);
            return (table.SourceDigest, size);
        }

        if (await derived.FindAsync(table.SourceDigest, DerivedKinds.ParquetExport, cancellationToken) is { Digest: { } digest } done)
        {
            return (digest, done.Size);
        }

        using var scratch = new ScratchFolder(store);
        var file = scratch.File("export.parquet");
        using (var lease = await LeaseAsync(table, cancellationToken))
        {
            var response = await worker.RunAsync(new WorkerRequest(WorkerOperations.Export, scratch.File("engine"),
                options.Value.WorkerEngineMemoryMegabytes, Source: lease.Path, Export: file), cancellationToken);
            if (response.Error is { } error)
            {
                throw new DatasetException(error.Code, error.Message);
            }
        }

        var made = await derived.RecordFileAsync(table.SourceDigest, DerivedKinds.ParquetExport, file, cancellationToken);
        return (made.Digest!, made.Size);
    }

    /// <summary>The local file of a table's materialised copy, held while the lease lives.</summary>
    public async Task<TableCache.Lease> LeaseAsync(VersionTable table, CancellationToken cancellationToken)
    {
        var digest = table.MaterialisedDigest!;
        if (!Sizes.TryGetValue(digest, out var size))
        {
            size = await db.Blobs.Where(b => b.Digest == digest).Select(b => b.Size).SingleAsync(cancellationToken);
            Sizes[digest] = size;
        }

        return await cache.AcquireAsync(digest, size, ".parquet", cancellationToken);
    }
}
