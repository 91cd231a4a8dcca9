using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;
using ModelHub.Server.Datasets;
using ModelHub.Server.Outcomes;
using ModelHub.Server.Validation;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// Refuses (422) a model version whose declared accuracy gate could not run, before anything is stored: an
/// <c>evaluation.json</c> that is no spec, or a gate whose spec breaks a rule, names a dataset version the creator cannot
/// read, a table that is missing or not indexed, a column the table lacks, or an input the reference tier's model lacks.
/// </summary>
public sealed class GateCheck(IBlobStore store, EvaluationService evaluations, BlobInspection inspection) : IVersionCheck
{
    public async Task<RequestError?> CheckAsync(Repository repository, Caller caller, CreateVersionRequest request,
        IReadOnlyList<VersionFile> files, CancellationToken cancellationToken)
    {
        var (spec, error) = await DeclaredSpec.ReadAsync(store, files, cancellationToken);
        if (error is not null)
        {
            return new RequestError(ErrorCodes.EvaluationSpecInvalid, error);
        }

        if (!DeclaredSpec.IsGate(spec))
        {
            return null;
        }

        if (spec!.Output?.Task == EvaluationTerms.Regression)
        {
            return Refused(ErrorCodes.EvaluationSpecInvalid, "maxAccuracyDrop gates classification accuracy; the spec is a regression.");
        }

        var referenceFile = (request.Variants ?? []).FirstOrDefault(v => v.Reference == true)?.File
            ?? request.Variants?.FirstOrDefault()?.File;
        var reference = files.FirstOrDefault(f => f.Path == referenceFile) ?? files.FirstOrDefault(f => VersionTiers.IsOnnx(f.Path));
        var model = reference is null ? null : await inspection.InspectAsync(reference.Digest, reference.Size, cancellationToken);
        var planned = await evaluations.PlanAsync(spec, caller, model, cancellationToken);
        if (planned.Value is not null)
        {
            return null;
        }

        var code = planned.Outcome == EvaluationOutcome.DatasetNotFound || planned.Lookup?.Outcome == TableOutcome.VersionNotFound
            ? ErrorCodes.DatasetVersionNotFound
            : ErrorCodes.EvaluationSpecInvalid;
        return Refused(code, planned.Detail, planned.Extensions);
    }

    private static RequestError Refused(string code, string detail, IDictionary<string, object?>? extensions = null) =>
        new(code, $"The accuracy gate declared in {EvaluationTerms.SpecFile} cannot run: {detail}",
            extensions is null ? null : new Dictionary<string, object?>(extensions));
}
