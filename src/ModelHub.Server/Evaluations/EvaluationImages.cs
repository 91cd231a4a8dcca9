using Microsoft.Extensions.Options;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Entities;
using ModelHub.Datasets;
using ModelHub.Datasets.Errors;
using ModelHub.Server.Blobs;
using ModelHub.Server.Datasets;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// Places the images an evaluation reads in its scratch folder: only the files that the evaluated rows (those passing the
/// spec's filter) name in the spec's image columns, resolved as the engine resolves them. A local store lends them as
/// hard links; a remote one streams each to its file, a bounded number at once, so an evaluation of a few rows of a large
/// image dataset fetches a few images, not the version.
/// </summary>
public sealed class EvaluationImages(DatasetTables tables, TableReader reader, EvaluationMetrics metrics,
    IOptions<EvaluationOptions> options)
{
    /// <summary>The folder the images were placed in (<c>images</c> in the scratch folder), or null when the spec reads none.</summary>
    public async Task<string?> PlaceAsync(ScratchFolder scratch, EvaluationSpec spec, VersionTable table,
        IReadOnlyCollection<VersionFile> files, CancellationToken cancellationToken)
    {
        var columns = (spec.Inputs ?? []).Select(i => i.Image?.Column).OfType<string>().Distinct().ToList();
        if (columns.Count == 0)
        {
            return null;
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var lease = await tables.LeaseAsync(table, cancellationToken);
            foreach (var column in columns)
            {
                foreach (var value in await reader.DistinctTextAsync(lease.Path, column, spec.Filter, cancellationToken))
                {
                    if (Resolve(value) is { } path)
                    {
                        named.Add(path);
                    }
                }
            }
        }
        catch (DatasetException)
        {
            // A filter or column the table refuses: the worker refuses it too, and its message fails the evaluation.
            named.Clear();
        }

        var wanted = files.Where(f => named.Contains(f.Path) && TableFiles.IsImage(f.Path)).ToList();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Value.ImageFetchConcurrency,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(wanted, parallel, async (file, token) =>
        {
            var name = Path.Combine("images", file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(scratch.File(name))!);
            await scratch.PlaceAsync(file.Digest, file.Size, name, token);
            metrics.ImagePlaced();
        });
        return scratch.File("images");
    }

    /// <summary>A cell's path relative to the images folder, as the engine resolves it (a leading <c>./</c>, <c>..</c> that
    /// stays inside); null for a rooted path or one that leaves the folder, which the engine refuses too.</summary>
    public static string? Resolve(string value)
    {
        const string root = "/images/";
        if (value.Length == 0 || Path.IsPathRooted(value))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, value));
        return full.StartsWith(root, StringComparison.Ordinal) && full.Length > root.Length ? full[root.Length..] : null;
    }
}
