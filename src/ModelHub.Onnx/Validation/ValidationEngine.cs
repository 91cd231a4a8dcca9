using System.Diagnostics;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Inspection;
using ModelHub.Onnx.Samples;
using ModelHub.Onnx.Smoke;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// Validates the ONNX files of a version: inspects them all first (so a report cut short still has every file's
/// facts), checks external data and hints, then smoke-runs each — the reference tier first — and compares each tier
/// with the reference. Runs inside the isolated worker process, because ONNX Runtime runs untrusted models here.
/// </summary>
public static class ValidationEngine
{
    /// <summary>Samples are read whole and widened to 8 bytes a value (doubles or longs); larger files are refused with a reason.</summary>
    public const long MaxSampleBytes = 256L * 1024 * 1024;

    /// <param name="request">What to validate.</param>
    /// <param name="progress">Gets each step as it happens.</param>
    /// <param name="referenceReady">For a tier of a split validation (<see cref="ValidationRequest.Part"/>): waits for the
    /// launcher's word and says whether the reference's outputs are there to compare with.</param>
    public static ValidationReport Run(ValidationRequest request, Action<WorkerEvent>? progress = null, Func<bool>? referenceReady = null)
    {
        var watch = Stopwatch.StartNew();
        var emit = progress ?? (_ => { });
        var paths = new ScratchPaths(request.ResolveRoot());
        var versionFiles = request.VersionFiles.ToHashSet(StringComparer.Ordinal);
        var models = request.Models.OrderByDescending(m => m.IsReference).ToList();
        var reports = new Dictionary<ModelFile, FileReport>();
        var inspections = new Dictionary<ModelFile, OnnxInspectionResult>();
        foreach (var model in models)
        {
            var (report, inspection) = Inspect(model, versionFiles, paths);
            reports[model] = report;
            inspections[model] = inspection;
            emit(new WorkerEvent(report.Status == WorkerEvent.Pending ? WorkerEvent.Inspected : WorkerEvent.Done, report));
        }

        var samples = new Dictionary<string, NpyResult>(StringComparer.Ordinal);
        var validator = new FileValidator(request, paths, sample => samples.TryGetValue(sample, out var known) ? known
            : samples[sample] = LoadSample(sample, versionFiles, paths));
        var hasTiers = models.Any(m => m.Variant is not null && !m.IsReference);
        FileValidator.Outcome? reference = null;
        foreach (var model in models.Where(m => reports[m].Status == WorkerEvent.Pending))
        {
            // A file of a split validation picks its input sets by its own outputs, as a reference does: the tier's match.
            var role = request.Part is { Compared: false } ? FileValidator.Role.None
                : request.Part is not null || (model.IsReference && model.Variant is not null && hasTiers) ? FileValidator.Role.Reference
                : !model.IsReference && model.Variant is not null && reference is not null ? FileValidator.Role.Tier
                : FileValidator.Role.None;
            var outcome = validator.Run(reports[model], inspections[model], model.LocalPath, role, reference?.Report.Smoke?.InputSets ?? 1,
                (kind, report) => emit(new WorkerEvent(kind, report)));
            var passed = outcome.Report.Status == FileReport.Passed;
            if (passed && request.Part is { Compared: true } part)
            {
                outcome = part.Role == FilePart.Reference ? Publish(outcome, part)
                    : AwaitReference(outcome, model.Variant!, part, request.Tolerance, referenceReady, emit);
            }
            else if (passed && role == FileValidator.Role.Reference)
            {
                reference = outcome;
            }
            else if (passed && role == FileValidator.Role.Tier)
            {
                outcome = Compare(outcome, reference!.Outputs!, reference.Report.Variant!, model.Variant!, request.Tolerance);
            }

            reports[model] = outcome.Report;
            emit(new WorkerEvent(WorkerEvent.Done, outcome.Report));
        }

        var files = models.Select(m => reports[m]).ToList();
        var failed = files.Where(r => r.Status != FileReport.Passed).ToList();
        var reason = failed.Count == 0 ? null : string.Join("; ", failed.Select(f => $"{f.Path}: {f.Reason}"));
        // A split validation's launcher checks the hints against every file; this worker sees one.
        return Report(request, files, reason, watch.Elapsed.TotalMilliseconds, checkHints: request.Part is null);
    }

    /// <summary>
    /// A validation's report from its files' reports: passed when there is no <paramref name="reason"/>, with the tolerance
    /// in force and, with <paramref name="checkHints"/>, the smoke hints that reach no input of any file.
    /// </summary>
    internal static ValidationReport Report(ValidationRequest request, IReadOnlyList<FileReport> files, string? reason, double elapsedMs,
        bool checkHints)
    {
        var inputs = files.Where(f => f.Model is not null).Select(f => new ModelInputs(f.Path, f.Variant, f.Model!.Inputs));
        var check = checkHints ? SmokeHintCheck.Check(request.Settings, [.. inputs], request.VersionFiles) : null;
        return new ValidationReport(reason is null, reason, files, elapsedMs)
        {
            Tolerance = request.Tolerance with { MaxRelativeError = request.Tolerance.EffectiveMaxRelativeError() },
            Warnings = check is null || check.Ok ? null : [.. check.Unmatched.Select(u => $"smoke hint {u.Hint}: {u.Reason}")],
        };
    }

    private static (FileReport, OnnxInspectionResult) Inspect(ModelFile model, IReadOnlySet<string> versionFiles, ScratchPaths paths)
    {
        var inspection = OnnxInspector.Inspect(model.LocalPath);
        var report = new FileReport(model.Path, model.Variant, model.IsReference, WorkerEvent.Pending, null, inspection.Model)
        {
            DeclaredPrecision = model.DeclaredPrecision,
        };
        if (inspection.Model is not { } info)
        {
            return (report with { Status = FileReport.Failed, Reason = paths.Scrub(inspection.Error!) }, inspection);
        }

        if (PrecisionDetector.Contradiction(model.DeclaredPrecision, info.Precision) is { } contradiction)
        {
            var weights = string.Join(", ", info.WeightElementsByType.OrderByDescending(w => w.Value).Select(w => $"{w.Key} {w.Value:N0}"));
            var ops = info.QuantizationOps.Count == 0 ? "none" : string.Join(", ", info.QuantizationOps);
            report = report with { Warnings = [$"{contradiction} (weight elements: {weights}; quantization operators: {ops})"] };
        }

        return ExternalDataRules.Validate(model.Path, info.ExternalData, versionFiles) is { } problem
            ? (report with { Status = FileReport.Failed, Reason = problem }, inspection)
            : (report, inspection);
    }

    /// <summary>The reference of a split validation: its outputs, complete under their name only once written whole.</summary>
    private static FileValidator.Outcome Publish(FileValidator.Outcome reference, FilePart part)
    {
        var partial = $"{part.OutputsPath}.partial";
        using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            reference.Outputs!.WriteTo(file);
        }

        File.Move(partial, part.OutputsPath!, overwrite: true);
        return reference;
    }

    /// <summary>A tier of a split validation: it has run; once the reference has too, it compares with its outputs.</summary>
    private static FileValidator.Outcome AwaitReference(FileValidator.Outcome tier, string name, FilePart part, Tolerance tolerance,
        Func<bool>? referenceReady, Action<WorkerEvent> emit)
    {
        emit(new WorkerEvent(WorkerEvent.Waiting, tier.Report));
        if (referenceReady?.Invoke() != true || !File.Exists(part.OutputsPath))
        {
            return tier;
        }

        OutputSeries reference;
        using (var file = new FileStream(part.OutputsPath!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            reference = OutputSeries.ReadFrom(file);
        }

        return Compare(tier, reference, part.ReferenceVariant!, name, tolerance);
    }

    private static FileValidator.Outcome Compare(FileValidator.Outcome tier, OutputSeries reference, string referenceName, string name,
        Tolerance tolerance)
    {
        var agreement = AgreementCalculator.Compare(reference, tier.Outputs!, tolerance, $"tier {name}");
        var failure = agreement.FirstOrDefault(a => !a.Passed);
        var disagrees = $"tier {name} disagrees with the reference tier {referenceName}";
        return tier with
        {
            Report = tier.Report with
            {
                Agreement = agreement,
                Status = failure is null ? FileReport.Passed : FileReport.Failed,
                Reason = failure is null ? null : $"{disagrees}: {failure.Reason}",
            },
        };
    }

    private static NpyResult LoadSample(string sample, IReadOnlySet<string> versionFiles, ScratchPaths paths)
    {
        if (!versionFiles.Contains(sample) || !sample.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            return NpyResult.Failed("it is not a .npy file of this version");
        }

        if (paths.Local(sample) is not { } local)
        {
            return NpyResult.Failed("the version's files are not available to the validator");
        }

        var result = NpyReader.Read(local, MaxSampleBytes);
        return result.Error is { } error ? NpyResult.Failed(paths.Scrub(error)) : result;
    }
}
