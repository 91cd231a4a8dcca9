using System.Diagnostics;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Inspection;
using ModelHub.Onnx.Smoke;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// Validates the ONNX files of a version: inspect, check external data, smoke-run, compare tiers with the
/// reference. Runs inside the isolated worker process, because ONNX Runtime runs untrusted models here.
/// </summary>
public static class ValidationEngine
{
    public static ValidationReport Run(ValidationRequest request)
    {
        var watch = Stopwatch.StartNew();
        var versionFiles = request.VersionFiles.ToHashSet(StringComparer.Ordinal);
        var reports = new List<FileReport>();
        IReadOnlyList<SmokeOutput>? referenceOutputs = null;
        string? referenceName = null;
        foreach (var model in request.Models.OrderByDescending(m => m.IsReference))
        {
            var report = ValidateFile(model, versionFiles, request);
            if (model.IsReference && report.Status == FileReport.Passed)
            {
                referenceOutputs = report.Smoke!.Outputs;
                referenceName = model.Variant;
            }
            else if (!model.IsReference && model.Variant is not null && referenceOutputs is not null && report.Status == FileReport.Passed)
            {
                var agreement = AgreementCalculator.Compare(referenceOutputs, report.Smoke!.Outputs, request.Tolerance);
                var failure = agreement.FirstOrDefault(a => !a.Passed);
                report = report with
                {
                    Agreement = agreement,
                    Status = failure is null ? FileReport.Passed : FileReport.Failed,
                    Reason = failure is null ? null : $"tier {model.Variant} disagrees with the reference tier {referenceName}: {failure.Reason}",
                };
            }

            reports.Add(report);
        }

        var failed = reports.Where(r => r.Status != FileReport.Passed).ToList();
        var reason = failed.Count == 0 ? null : string.Join("; ", failed.Select(f => $"{f.Path}: {f.Reason}"));
        return new ValidationReport(failed.Count == 0, reason, reports, watch.Elapsed.TotalMilliseconds);
    }

    private static FileReport ValidateFile(ModelFile model, IReadOnlySet<string> versionFiles, ValidationRequest request)
    {
        var inspection = OnnxInspector.Inspect(model.LocalPath);
        if (inspection.Model is not { } info)
        {
            return Fail(model, inspection.Error!, null);
        }

        if (ExternalDataRules.Validate(model.Path, info.ExternalData, versionFiles) is { } externalProblem)
        {
            return Fail(model, externalProblem, info);
        }

        SmokeResult smoke;
        try
        {
            smoke = SmokeRunner.Run(model.LocalPath, request.Settings, request.Runs);
        }
        catch (Exception e)
        {
            return Fail(model, FailureExplainer.Explain(e, info, request.Settings), info);
        }

        var nonFinite = smoke.Outputs.FirstOrDefault(o => !o.Finite);
        var report = new FileReport(model.Path, model.Variant, model.IsReference, FileReport.Passed, null, info) { Smoke = smoke };
        return nonFinite is null ? report : report with
        {
            Status = FileReport.Failed,
            Reason = $"output `{nonFinite.Name}` contains NaN or infinite values on the smoke inputs",
        };
    }

    private static FileReport Fail(ModelFile model, string reason, OnnxModelInfo? info) =>
        new(model.Path, model.Variant, model.IsReference, FileReport.Failed, reason, info);
}
