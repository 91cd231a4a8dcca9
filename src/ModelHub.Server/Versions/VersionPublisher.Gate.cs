using ModelHub.Contracts.Evaluations;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Versions;

/// <summary>The accuracy gate's part of a version's lifecycle: queued when validation passes, judged when it is evaluated.</summary>
public sealed partial class VersionPublisher
{
    /// <summary>
    /// Records the verdict of a gated version from its gate's evaluation: the accuracy of each tier
    /// (<paramref name="results"/>), or the <paramref name="error"/> that kept the evaluation from running. Saves whatever
    /// else the context tracks (the evaluation and its completed job) in the same save. <paramref name="version"/> is
    /// tracked, with its files, variants and repository (with its owner).
    /// </summary>
    public async Task FinishGateAsync(RepositoryVersion version, IReadOnlyList<TierResult>? results, string? error)
    {
        var report = ValidationReports.Read(version)!;
        var gate = report.Gate!;
        var fileOfTier = VersionTiers.From(version, report).ToDictionary(t => t.Name, t => t.Model.Path, StringComparer.Ordinal);
        report = results is null || error is not null
            ? GateVerdicts.CouldNotRun(report, gate, error ?? "the evaluation gave no results")
            : GateVerdicts.Judge(report, gate, results, fileOfTier);
        Decide(version, report);
        await db.SaveChangesAsync(CancellationToken.None);
        Announce(version.Repository);
    }

    /// <summary>Whether <paramref name="evaluation"/> (with its version loaded) is the accuracy gate its version waits for.</summary>
    public static bool IsPendingGate(Evaluation evaluation) => evaluation.Version.State == VersionState.Validating
        && ValidationReports.Read(evaluation.Version)?.Gate is { State: GateReport.Running } gate && gate.EvaluationId == evaluation.Id;

    /// <summary>
    /// Ends the validation job and queues the gate's evaluation in one transaction, so a server that stops between the two
    /// jobs leaves the evaluation job in the queue (any server takes it up) rather than a version validating forever.
    /// </summary>
    private async Task QueueGateAsync(Job job, ValidationReport report, Evaluation evaluation, GateReport pending)
    {
        var version = job.Version;
        var now = clock.GetUtcNow();
        evaluation.VersionId = version.Id;
        evaluation.Version = version;
        await using (var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None))
        {
            db.Evaluations.Add(evaluation);
            await db.SaveChangesAsync(CancellationToken.None);
            ValidationReports.Store(version, GateVerdicts.Pending(report, pending with { EvaluationId = evaluation.Id }));
            FillPrecisions(version, report);
            job.CompletedAt = now;
            db.Jobs.Add(new Job
            {
                Kind = JobKinds.Evaluation,
                VersionId = version.Id,
                Subject = evaluation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                CreatedAt = now,
            });
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        // Wakes the job workers (of every replica, with a cross-replica notifier) for the evaluation.
        Announce(version.Repository, jobsQueued: true);
    }
}
