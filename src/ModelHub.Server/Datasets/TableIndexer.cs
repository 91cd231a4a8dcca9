using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Datasets;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Datasets.Isolation;
using ModelHub.Datasets.Tables;
using ModelHub.Server.Blobs;
using ModelHub.Server.Jobs;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Indexes one table of a dataset version in the isolated worker: its materialised Parquet copy is made once per source
/// digest (a derived blob; the same bytes in another version reuse it), and its statistics once per source and set of
/// version paths. A table that does not parse is recorded as failed with the reason, never retried; a worker that
/// crashes or hits a limit is retried, and the table fails on the last attempt.
/// </summary>
public sealed class TableIndexer(ModelHubDbContext db, IBlobStore store, DatasetWorker worker, DerivedBlobs derived,
    IOptions<DatasetOptions> options, IRepositoryChanges changes, TimeProvider clock, ILogger<TableIndexer> logger) : IJobHandler
{
    public const int MaxAttempts = 2;

    public string Kind => JobKinds.TableIndex;

    public async Task RunAsync(ClaimedJob claimed, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.Include(j => j.Version).ThenInclude(v => v.Repository).ThenInclude(r => r.Owner)
            .SingleAsync(j => j.Id == claimed.Id, cancellationToken);
        var table = await db.Tables.SingleOrDefaultAsync(t => t.VersionId == job.VersionId && t.Path == job.Subject, cancellationToken);
        if (table is { State: TableState.Pending })
        {
            try
            {
                await IndexAsync(table, cancellationToken);
            }
            catch (DatasetWorkerException e) when (claimed.Attempt >= MaxAttempts)
            {
                logger.LogWarning("Table {Path} of version {VersionId} failed {Attempts} times: {Reason}",
                    table.Path, job.VersionId, claimed.Attempt, e.Message);
                Fail(table, $"The table could not be read: {e.Message}.");
            }
        }

        job.CompletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        var repository = job.Version.Repository;
        changes.Changed(new(repository.Id, repository.Owner.Name, repository.Name));
    }

    private async Task IndexAsync(VersionTable table, CancellationToken cancellationToken)
    {
        var paths = await db.Files.Where(f => f.VersionId == table.VersionId).Select(f => f.Path).ToListAsync(cancellationToken);
        var fingerprint = TableFiles.Fingerprint(paths);
        var materialised = await derived.FindAsync(table.SourceDigest, DerivedKinds.MaterialisedTable, cancellationToken);
        if (materialised is { Error: { } known })
        {
            Fail(table, known);
            return;
        }

        var twin = materialised is null ? null : await db.Tables.AsNoTracking()
            .Where(t => t.SourceDigest == table.SourceDigest && t.State == TableState.Indexed && t.FilesFingerprint == fingerprint)
            .Select(t => t.Summary).FirstOrDefaultAsync(cancellationToken);
        if (materialised is not null && twin is not null)
        {
            Succeed(table, VersionTables.ReadSummary(twin)!, materialised.Digest!, fingerprint);
            return;
        }

        using var scratch = new ScratchFolder(store);
        var files = await scratch.WriteLinesAsync("files.txt", paths, cancellationToken);
        var request = new WorkerRequest(WorkerOperations.Index, scratch.File("engine"), options.Value.WorkerEngineMemoryMegabytes,
            FilesList: files);
        if (materialised is not null)
        {
            // The bytes were indexed before (in another version): only the statistics are computed again.
            var size = await db.Blobs.Where(b => b.Digest == materialised.Digest).Select(b => b.Size).SingleAsync(cancellationToken);
            request = request with
            {
                Operation = WorkerOperations.Inspect,
                Source = await scratch.PlaceAsync(materialised.Digest!, size, "materialised.parquet", cancellationToken),
            };
        }
        else
        {
            var size = await db.Blobs.Where(b => b.Digest == table.SourceDigest).Select(b => b.Size).SingleAsync(cancellationToken);
            request = request with
            {
                Source = await scratch.PlaceAsync(table.SourceDigest, size, "source" + TableFiles.Extension(table.Path), cancellationToken),
                Output = scratch.File("materialised.parquet"),
            };
        }

        var response = await worker.RunAsync(request, cancellationToken);
        if (response.Error is { } error)
        {
            await derived.RecordFailureAsync(table.SourceDigest, DerivedKinds.MaterialisedTable, error.Message, cancellationToken);
            Fail(table, error.Message);
            return;
        }

        materialised ??= await derived.RecordFileAsync(
            table.SourceDigest, DerivedKinds.MaterialisedTable, request.Output!, cancellationToken);
        Succeed(table, response.Summary!, materialised.Digest!, fingerprint);
    }

    private void Succeed(VersionTable table, TableSummary summary, string materialised, string fingerprint)
    {
        // The summary of a materialised copy says Parquet; the table is what its file is.
        summary = summary with { Format = TableFormats.Name(TableFormats.Detect(table.Path)!.Value) };
        table.State = TableState.Indexed;
        table.Format = summary.Format;
        table.RowCount = summary.RowCount;
        table.Summary = VersionTables.WriteSummary(summary);
        table.MaterialisedDigest = materialised;
        table.FilesFingerprint = fingerprint;
        table.IndexedAt = clock.GetUtcNow();
        table.Error = null;
    }

    private void Fail(VersionTable table, string error)
    {
        table.State = TableState.Failed;
        table.Error = error.Length > 4096 ? error[..4096] : error;
        table.IndexedAt = clock.GetUtcNow();
    }
}
