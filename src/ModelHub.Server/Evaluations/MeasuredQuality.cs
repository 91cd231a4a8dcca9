using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// The quality an evaluation measured for each tier of a version — a classification's accuracy, a regression's error —
/// which orders its tiers in manifests (a tier's declared quality still wins): from the version's accuracy gate when it
/// has one, else from its latest succeeded evaluation; only when every tier has a measure there and none declares its
/// quality, so measured, declared and guessed ranks never mix.
/// </summary>
public static class MeasuredQuality
{
    /// <summary>
    /// A stamp of the succeeded evaluations of <paramref name="repositoryId"/>'s versions that changes whenever one more
    /// succeeds (empty when there are none), so what was ordered by an older set of results is not reused.
    /// </summary>
    public static async Task<string> StampAsync(ModelHubDbContext db, long repositoryId, CancellationToken cancellationToken)
    {
        var stamp = await db.Evaluations.AsNoTracking()
            .Where(e => e.Version.RepositoryId == repositoryId && e.State == EvaluationTerms.Succeeded)
            .GroupBy(e => e.Version.RepositoryId)
            .Select(g => new { Count = g.Count(), Last = g.Max(e => e.Id) })
            .SingleOrDefaultAsync(cancellationToken);
        return stamp is null ? "" : $"{stamp.Count}-{stamp.Last}";
    }

    /// <summary>The tiers with their measured quality, and what a manifest's reason says of it (which evaluation measured
    /// it, and by what); the tiers unchanged (and null) when no evaluation measured them all.</summary>
    public static async Task<(IReadOnlyList<Tier> Tiers, string? Explanation)> ApplyAsync(ModelHubDbContext db, RepositoryVersion version,
        IReadOnlyList<Tier> tiers, CancellationToken cancellationToken)
    {
        if (tiers.Any(t => t.Declared?.Quality is not null))
        {
            return (tiers, null);
        }

        var gate = ValidationReports.Read(version)?.Gate?.EvaluationId;
        var evaluations = await db.Evaluations.AsNoTracking()
            .Where(e => e.VersionId == version.Id && e.State == EvaluationTerms.Succeeded)
            .OrderByDescending(e => e.Id == gate).ThenByDescending(e => e.Id).Take(1).ToListAsync(cancellationToken);
        if (evaluations is not [var source] || EvaluationRecords.ReadResults(source)?.Tiers is not { } results)
        {
            return (tiers, null);
        }

        var quality = results.Where(r => Of(r) is not null).ToDictionary(r => r.Tier, r => Of(r)!.Value, StringComparer.Ordinal);
        return tiers.All(t => quality.ContainsKey(t.Name))
            ? ([.. tiers.Select(t => t with { MeasuredQuality = quality[t.Name] })], Explain(source, results))
            : (tiers, null);
    }

    /// <summary>A classification's accuracy; a regression's RMSE, negated so that the smaller error ranks higher.</summary>
    public static double? Of(TierResult result) => result.Accuracy ?? -result.Rmse;

    private static string Explain(Evaluation source, IReadOnlyList<TierResult> results) =>
        $"quality order measured by evaluation {source.Id} on {source.Dataset} ({source.Table}"
        + (results.All(t => t.Accuracy is null) ? ", lowest RMSE first)" : ")");
}
