using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Datasets;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Naming;
using ModelHub.Core.Storage;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Isolation;
using ModelHub.Server.Blobs;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Compares two published versions of a dataset: files by digest, and each table that changed row by row with the
/// engine on the two materialised copies, in the datasets worker: a keyed join of two million-row tables takes more
/// memory than the server should hold (reads of pages stay in the server). A table converted to Parquet by a commit is
/// matched to its former self by its stem. Keyed by the key a commit declared (or the one asked for).
/// </summary>
public sealed class CompareService(ModelHubDbContext db, DatasetTables tables, DatasetWorker worker, IBlobStore store,
    IOptions<DatasetOptions> options)
{
    public const int MaxTables = 4;
    private const string Separator = "...";

    /// <summary>Parses <c>base...head</c>; null when it is not two version names.</summary>
    public static (string Base, string Head)? Parse(string spec)
    {
        for (var at = spec.IndexOf(Separator, StringComparison.Ordinal); at >= 0;
             at = spec.IndexOf(Separator, at + 1, StringComparison.Ordinal))
        {
            var (left, right) = (spec[..at], spec[(at + Separator.Length)..]);
            if (Names.IsValidVersion(left) && Names.IsValidVersion(right))
            {
                return (left, right);
            }
        }

        return null;
    }

    /// <summary>The comparison, or null when a version is missing or not published. Throws the engine's
    /// <see cref="ModelHub.Datasets.Errors.DatasetException"/> on a bad key or label column.</summary>
    public async Task<VersionComparison?> CompareAsync(long repositoryId, string baseName, string headName, CompareQuery query,
        CancellationToken cancellationToken)
    {
        var versions = await db.Versions.AsNoTracking().Include(v => v.Files).Include(v => v.Tables).AsSplitQuery()
            .Where(v => v.RepositoryId == repositoryId && (v.Name == baseName || v.Name == headName) && v.State == VersionState.Published)
            .ToListAsync(cancellationToken);
        var (@base, head) = (versions.FirstOrDefault(v => v.Name == baseName), versions.FirstOrDefault(v => v.Name == headName));
        if (@base is null || head is null)
        {
            return null;
        }

        var diffs = new List<TableDiff>();
        foreach (var (b, h) in Pair(@base.Tables, head.Tables))
        {
            if (b is not null && h is not null && b.SourceDigest == h.SourceDigest && b.Path == h.Path)
            {
                continue;
            }

            var selected = query.Table is null ? diffs.Count(d => d.Comparison is not null) < MaxTables
                : query.Table == b?.Path || query.Table == h?.Path;
            diffs.Add(await DiffAsync(b, h, selected, query, cancellationToken));
        }

        return new VersionComparison(baseName, headName, Files(@base, head), diffs);
    }

    private async Task<TableDiff> DiffAsync(VersionTable? b, VersionTable? h, bool selected, CompareQuery query,
        CancellationToken cancellationToken)
    {
        var note = (b, h) switch
        {
            (null, _) => "only in head",
            (_, null) => "only in base",
            _ when b.State != TableState.Indexed || h.State != TableState.Indexed
                => b.State == TableState.Failed || h.State == TableState.Failed
                    ? "a side does not parse as a table" : "a side is not indexed yet",
            _ when !selected => $"not compared: ask with ?table={h.Path}",
            _ => null,
        };
        if (note is not null)
        {
            return new TableDiff(b?.Path, h?.Path, null, note);
        }

        using var baseFile = await tables.LeaseAsync(b!, cancellationToken);
        using var headFile = await tables.LeaseAsync(h!, cancellationToken);
        var key = query.Key ?? h!.KeyColumn ?? b!.KeyColumn;
        using var scratch = new ScratchFolder(store);
        WorkerResponse response;
        try
        {
            response = await worker.RunAsync(new WorkerRequest(WorkerOperations.Compare, scratch.File("engine"),
                options.Value.WorkerEngineMemoryMegabytes, Source: baseFile.Path, Head: headFile.Path,
                Compare: new CompareWork(key, query.Label, query.Offset, query.Length, query.Change)), cancellationToken);
        }
        catch (DatasetWorkerException e)
        {
            throw new TableInvalidException($"The compare could not run: {e.Message}.");
        }

        return response.Error is { } error
            ? throw new DatasetException(error.Code, error.Message)
            : new TableDiff(b!.Path, h!.Path, response.Comparison, null);
    }

    private static IEnumerable<(VersionTable? Base, VersionTable? Head)> Pair(List<VersionTable> @base, List<VersionTable> head)
    {
        var unmatched = head.ToDictionary(t => t.Path, StringComparer.Ordinal);
        var pairs = new List<(VersionTable?, VersionTable?)>();
        foreach (var b in @base.OrderBy(t => t.Path, StringComparer.Ordinal))
        {
            var h = unmatched.GetValueOrDefault(b.Path)
                ?? unmatched.Values.FirstOrDefault(t =>
                    TableFiles.Stem(t.Path) == TableFiles.Stem(b.Path) && !@base.Any(x => x.Path == t.Path));
            if (h is not null)
            {
                unmatched.Remove(h.Path);
            }

            pairs.Add((b, h));
        }

        var added = unmatched.Values.OrderBy(t => t.Path, StringComparer.Ordinal).Select(h => ((VersionTable?)null, (VersionTable?)h));
        return pairs.Concat(added);
    }

    private static List<FileChange> Files(RepositoryVersion @base, RepositoryVersion head)
    {
        var before = @base.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var after = head.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        return [.. before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(p => (Path: p, B: before.GetValueOrDefault(p), H: after.GetValueOrDefault(p)))
            .Where(x => x.B?.Digest != x.H?.Digest)
            .Select(x => new FileChange(x.Path, x.B is null ? "added" : x.H is null ? "removed" : "modified",
                x.B?.Digest, x.H?.Digest, x.B?.Size, x.H?.Size))];
    }
}
