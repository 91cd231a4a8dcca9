using ModelHub.Contracts.Evaluations;
using ModelHub.Contracts.Validation;
using ModelHub.Evaluations.Scoring;

namespace ModelHub.Server.Versions;

/// <summary>
/// The rules of a gated version's verdict, applied by the <see cref="VersionPublisher"/> only: the accuracy gate on real
/// data decides, the noise-input agreement is kept as information. A tier the gate fails is reported exactly as a tier
/// that disagrees on noise is for an ungated version: its file failed, with the numbers in its reason, and the version's
/// reason lists every failed file.
/// </summary>
public static class GateVerdicts
{
    /// <summary>
    /// The report with every file that failed only on noise-input agreement passed, its disagreement kept as a warning; the
    /// report passes when every file now does.
    /// </summary>
    public static ValidationReport NoiseInformational(ValidationReport report)
    {
        var relaxed = report.Files.Select(f => DisagreesOnlyOnNoise(f)
            ? f with
            {
                Status = FileReport.Passed,
                Reason = null,
                Warnings = [.. f.Warnings ?? [], $"noise-input agreement (informational, the accuracy gate decides): {f.Reason}"],
            }
            : f).ToList();
        return relaxed.SequenceEqual(report.Files) ? report : Recount(report, relaxed);
    }

    /// <summary>The report of a version whose gate is queued: the verdict waits for the evaluation.</summary>
    public static ValidationReport Pending(ValidationReport report, GateReport gate) => report with { Gate = gate };

    /// <summary>The report of a version whose gate could not run: rejected, with why.</summary>
    public static ValidationReport CouldNotRun(ValidationReport report, GateReport gate, string failure)
    {
        var on = gate.Dataset.Length == 0 ? "" : $" on {Where(gate)}";
        var reason = $"the accuracy gate{on} could not run: {failure}";
        return report with
        {
            Passed = false,
            Reason = report.Reason is null ? reason : $"{report.Reason}; {reason}",
            Gate = gate with { State = GateReport.Error, Passed = false, Reason = failure },
        };
    }

    /// <summary>
    /// The verdict from the gate's evaluation: each tier's accuracy against the reference's
    /// (<see cref="AccuracyGate"/>, the evaluation's own rule), a tier dropping more than the limit failing its file.
    /// <paramref name="fileOfTier"/> gives each tier's ONNX file.
    /// </summary>
    public static ValidationReport Judge(ValidationReport report, GateReport gate, IReadOnlyList<TierResult> results,
        IReadOnlyDictionary<string, string> fileOfTier)
    {
        var (tiers, verdict) = AccuracyGate.Apply(results, gate.MaxAccuracyDrop);
        if (verdict is null)
        {
            return CouldNotRun(report, gate, "the reference tier has no accuracy on the table");
        }

        var failedFiles = tiers.Where(t => t.Passed == false && fileOfTier.ContainsKey(t.Tier))
            .ToDictionary(t => fileOfTier[t.Tier], t => $"tier {t.Tier} fails the accuracy gate on {Where(gate)}: {t.Reason}");
        var files = report.Files.Select(f => failedFiles.TryGetValue(f.Path, out var reason)
            ? f with { Status = FileReport.Failed, Reason = reason }
            : f).ToList();
        var judged = gate with
        {
            State = verdict.Passed ? GateReport.PassedState : GateReport.FailedState,
            Passed = verdict.Passed,
            Reason = verdict.Reason,
            Tiers = [.. tiers.Select(t => new GateTier(t.Tier, t.Reference, t.Accuracy, t.AccuracyDrop, t.Passed, t.Reason))],
        };
        return Recount(report, files) with { Gate = judged };
    }

    /// <summary>Where the gate measures: <c>owner/name@version (table)</c>.</summary>
    public static string Where(GateReport gate) => $"{gate.Dataset} ({gate.Table})";

    /// <summary>A tier whose smoke run passed and whose only failure is an output outside the agreement tolerance.</summary>
    private static bool DisagreesOnlyOnNoise(FileReport file) =>
        file.Status == FileReport.Failed && file.Agreement is { Count: > 0 } agreement && agreement.Any(a => !a.Passed)
        && file.Smoke is not null;

    /// <summary>The report with <paramref name="files"/>, passed when all did, its reason listing the failed ones (as the
    /// validator words it).</summary>
    private static ValidationReport Recount(ValidationReport report, List<FileReport> files)
    {
        var failed = files.Where(f => f.Status != FileReport.Passed).ToList();
        return report with
        {
            Files = files,
            Passed = failed.Count == 0,
            Reason = failed.Count == 0 ? null : string.Join("; ", failed.Select(f => $"{f.Path}: {f.Reason}")),
        };
    }
}
