using System.Diagnostics;
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

    /// <summary>
    /// Files up to this size are loaded into ONNX Runtime while their protobuf is inspected, on the other core; the
    /// session is used only when the inspection passed. Larger ones go one after the other, to keep the peak memory
    /// (protobuf copy plus session) within the worker's cap.
    /// </summary>
    private const long ConcurrentLoadLimit = 256L * 1024 * 1024;

    private static FileReport ValidateFile(ModelFile model, IReadOnlySet<string> versionFiles, ValidationRequest request)
    {
        // ONNX Runtime reads external data only from inside the model's folder, which holds only this version's files,
        // so loading it before the external-data rules are checked reads nothing else; nothing runs before they pass.
        var loading = new FileInfo(model.LocalPath) is { Exists: true, Length: <= ConcurrentLoadLimit }
            ? Task.Run(() => SmokeRunner.Load(model.LocalPath))
            : null;
        try
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
                using var loaded = loading is null ? SmokeRunner.Load(model.LocalPath) : loading.GetAwaiter().GetResult();
                loading = null;
                smoke = SmokeRunner.Run(loaded, request.Settings, request.Runs);
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
        finally
        {
            // Inspection failed first: the session (or ONNX Runtime's error for the same broken file) is not needed.
            if (loading is not null)
            {
                try
                {
                    loading.GetAwaiter().GetResult().Dispose();
                }
                catch (Exception)
                {
                    // The inspection's reason is the one reported.
                }
            }
        }
    }

    private static FileReport Fail(ModelFile model, string reason, OnnxModelInfo? info) =>
        new(model.Path, model.Variant, model.IsReference, FileReport.Failed, reason, info);
}
