using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Datasets;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Isolation;
using ModelHub.Server.Auth;
using ModelHub.Server.Blobs;
using ModelHub.Server.Outcomes;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Dataset commits: a new version made from a published parent with files added and removed and, per keyed table, rows
/// upserted and deleted. Edits arrive as uploaded blobs; each edited table is written by the isolated worker (the
/// engine's keyed apply, then a plain Parquet export that becomes the version's file; the materialised copy is kept as
/// its derived blob), unchanged files share their blobs, and the version records its parent and what changed. Any
/// refusal leaves no version (written tables are blobs nothing references, collected like abandoned uploads).
/// </summary>
public sealed class CommitService(ModelHubDbContext db, IBlobStore store, DatasetWorker worker, DerivedBlobs derived,
    DatasetTables tables, VersionPublisher publisher, BlobIngestor ingestor, IOptions<DatasetOptions> options)
{
    private static readonly string[] EditFormats = ["csv", "tsv", "jsonl", "parquet"];

    public async Task<CommitResult> CreateAsync(Repository repository, Caller caller, CreateCommitRequest request,
        CancellationToken cancellationToken)
    {
        if (repository.Kind != RepositoryKind.Dataset)
        {
            return Invalid(ErrorCodes.NotADataset, "Commits are made to datasets; push a model version instead.");
        }

        var parent = request.Parent is null ? null : await db.Versions.AsNoTracking().Include(v => v.Files).Include(v => v.Tables)
            .AsSplitQuery().SingleOrDefaultAsync(v => v.RepositoryId == repository.Id && v.Name == request.Parent
                && v.State == VersionState.Published, cancellationToken);
        if (parent is null)
        {
            return new(CommitOutcome.ParentNotFound, $"No published version '{request.Parent}' to commit on.");
        }

        var edits = request.Tables ?? [];
        if (edits.Count == 0 && (request.Add?.Count ?? 0) == 0 && (request.Remove?.Count ?? 0) == 0)
        {
            return Invalid(ErrorCodes.NothingToCommit, "A commit needs files to add or remove, or table edits.");
        }

        var files = parent.Files.ToDictionary(
            f => f.Path, f => new FileEntry(f.Path, f.Digest, f.Size, f.ContentType), StringComparer.Ordinal);
        foreach (var path in request.Remove ?? [])
        {
            if (!files.Remove(path))
            {
                return Invalid(ErrorCodes.FileNotFound, $"remove names '{path}', which is not a file of version {parent.Name}.");
            }
        }

        if (await CheckEditsAsync(parent, edits, caller, cancellationToken) is { } unusable)
        {
            return unusable;
        }

        var changes = new List<TableCommitChange>();
        foreach (var edit in edits)
        {
            var table = parent.Tables.Single(t => t.Path == edit.Path);
            var key = edit.Key ?? table.KeyColumn!;
            CommittedTable committed;
            try
            {
                committed = await ApplyAsync(table, key, edit, cancellationToken);
            }
            catch (DatasetException e)
            {
                return new(CommitOutcome.Refused, e.Message, Refusal: e);
            }

            // The server wrote the table's bytes for this caller: it may name them in the version (see BlobVisibility).
            if (Sha256Digest.TryParse(committed.Digest, out var written))
            {
                await ingestor.RecordUploadAsync(written, caller.Subject!, cancellationToken);
            }

            var path = TableFiles.CommittedPath(table.Path);
            files.Remove(table.Path);
            if (!files.TryAdd(path, new FileEntry(path, committed.Digest, committed.Size, "application/vnd.apache.parquet")))
            {
                return Invalid(ErrorCodes.DuplicatePath,
                    $"The edited '{table.Path}' is written as '{path}', which the version has already.");
            }

            var change = committed.Change;
            changes.Add(new TableCommitChange(
                path, table.Path, key, change.RowsAdded, change.RowsRemoved, change.RowsChanged, change.RowCount));
        }

        foreach (var file in request.Add ?? [])
        {
            if (file?.Path is not { } path)
            {
                return Invalid(ErrorCodes.InvalidPath, "add holds a file without a path.");
            }

            if (!files.TryAdd(path, file))
            {
                return Invalid(ErrorCodes.DuplicatePath,
                    $"add names '{path}', which the version has already (remove it in the same commit).");
            }
        }

        var summary = Summarise(parent, files, changes);
        var versions = await db.Versions.Where(v => v.RepositoryId == repository.Id).Select(v => v.Name).ToListAsync(cancellationToken);
        var name = request.Version ?? VersionNames.Next(parent.Name, versions.ToHashSet(StringComparer.Ordinal));
        var created = await publisher.CreateAsync(repository, caller, new CreateVersionRequest(name, request.Notes, [.. files.Values]),
            new VersionParent(parent.Id, VersionTables.WriteCommit(summary)), cancellationToken);
        return created.Version is null
            ? new(CommitOutcome.Version, created.Detail, VersionResult: created)
            : new(CommitOutcome.Created, VersionResult: created);
    }

    private async Task<CommitResult?> CheckEditsAsync(RepositoryVersion parent, List<TableEdit> edits, Caller caller,
        CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var digests = new List<(string Digest, long Size)>();
        for (var i = 0; i < edits.Count; i++)
        {
            var edit = edits[i];
            var table = parent.Tables.FirstOrDefault(t => t.Path == edit?.Path);
            if (edit?.Path is null || !seen.Add(edit.Path))
            {
                return Invalid(ErrorCodes.InvalidField, $"tables[{i}].path is missing or named twice.");
            }

            if (table is null)
            {
                return new(CommitOutcome.TableNotFound, $"Version {parent.Name} has no table '{edit.Path}'.");
            }

            if (table.State != TableState.Indexed)
            {
                return new(CommitOutcome.TableNotReady, table.State == TableState.Pending
                    ? $"'{table.Path}' is still being indexed; commit once it is."
                    : $"'{table.Path}' could not be read as a table: {table.Error}");
            }

            if ((edit.Key ?? table.KeyColumn) is null)
            {
                return Invalid(ErrorCodes.KeyRequired,
                    $"tables[{i}].key: name the key column of '{table.Path}' (no earlier commit declared one).");
            }

            if (edit.Upserts is null && edit.Deletes is null)
            {
                return Invalid(ErrorCodes.InvalidField, $"tables[{i}] needs upserts, deletes or both.");
            }

            foreach (var (file, field) in new[] { (edit.Upserts, "upserts"), (edit.Deletes, "deletes") })
            {
                if (file is null)
                {
                    continue;
                }

                if (!Sha256Digest.TryParse(file.Digest, out var digest) || file.Size is not >= 0)
                {
                    return Invalid(ErrorCodes.InvalidDigest, $"tables[{i}].{field} needs a digest (sha256:…) and a size.");
                }

                if (field == "upserts" && !EditFormats.Contains(file.Format))
                {
                    return Invalid(ErrorCodes.InvalidField, $"tables[{i}].upserts.format must be one of {string.Join(", ", EditFormats)}.");
                }

                digests.Add((digest.ToString(), file.Size.Value));
            }
        }

        var wanted = digests.Select(d => d.Digest).Distinct().ToList();
        var sizes = await db.Blobs.AsNoTracking().Where(b => wanted.Contains(b.Digest))
            .ToDictionaryAsync(b => b.Digest, b => b.Size, cancellationToken);
        // Edit files are read into the caller's dataset: like a version's files, only blobs the caller can read count, else
        // a digest would be enough to copy another owner's private file.
        var readable = await BlobVisibility.NameableAsync(db, caller, [.. sizes.Keys], cancellationToken);
        var missing = digests.Where(d => !readable.Contains(d.Digest) || sizes[d.Digest] != d.Size).Select(d => d.Digest).Distinct()
            .ToList();
        return missing.Count == 0 ? null
            : new(CommitOutcome.BlobsMissing, $"{missing.Count} edit file(s) are not uploaded with their size: upload them first.",
                Missing: missing);
    }

    private async Task<CommittedTable> ApplyAsync(VersionTable table, string key, TableEdit edit, CancellationToken cancellationToken)
    {
        using var scratch = new ScratchFolder(store);
        using var parent = await tables.LeaseAsync(table, cancellationToken);
        var upserts = edit.Upserts is { } u
            ? await scratch.PlaceAsync(Digest(u), u.Size!.Value, "edits." + u.Format, cancellationToken) : null;
        var deletes = edit.Deletes is { } d
            ? await scratch.PlaceAsync(Digest(d), d.Size!.Value, "deletes.txt", cancellationToken) : null;
        var request = new WorkerRequest(WorkerOperations.Commit, scratch.File("engine"), options.Value.WorkerEngineMemoryMegabytes,
            Source: parent.Path, Output: scratch.File("committed.parquet"), Key: key, Upserts: upserts, Deletes: deletes,
            Export: scratch.File("export.parquet"));
        WorkerResponse response;
        try
        {
            response = await worker.RunAsync(request, cancellationToken);
        }
        catch (DatasetWorkerException e)
        {
            throw new EditInvalidException($"The edits could not be applied: {e.Message}.");
        }

        if (response.Error is { } error)
        {
            throw new DatasetException(error.Code, error.Message);
        }

        var (digest, size) = await derived.StoreFileAsync(request.Export!, cancellationToken);
        await derived.RecordFileAsync(digest, DerivedKinds.MaterialisedTable, request.Output!, cancellationToken);
        return new CommittedTable(digest, size, response.Change!);
    }

    private static CommitSummary Summarise(RepositoryVersion parent, Dictionary<string, FileEntry> files, List<TableCommitChange> changes)
    {
        var before = parent.Files.ToDictionary(f => f.Path, f => f.Digest, StringComparer.Ordinal);
        var after = files.Values.ToDictionary(f => f.Path!, f => Sha256Digest.TryParse(f.Digest, out var d) ? d.ToString() : f.Digest!,
            StringComparer.Ordinal);
        return new CommitSummary(
            parent.Name,
            [.. after.Keys.Where(p => !before.ContainsKey(p)).Order(StringComparer.Ordinal)],
            [.. before.Keys.Where(p => !after.ContainsKey(p)).Order(StringComparer.Ordinal)],
            [.. after.Where(f => before.TryGetValue(f.Key, out var d) && d != f.Value).Select(f => f.Key).Order(StringComparer.Ordinal)],
            changes,
            changes.Sum(c => c.RowsAdded),
            changes.Sum(c => c.RowsRemoved),
            changes.Sum(c => c.RowsChanged));
    }

    private static string Digest(EditFile file) => Sha256Digest.TryParse(file.Digest, out var d) ? d.ToString() : file.Digest!;

    private static CommitResult Invalid(string code, string detail) =>
        new(CommitOutcome.Invalid, detail, Error: new RequestError(code, detail));

    private sealed record CommittedTable(string Digest, long Size, TableChangeSummary Change);
}
