using Microsoft.Extensions.Options;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;
using ModelHub.Onnx.Validation;
using ModelHub.Server.Auth;
using ModelHub.Server.Outcomes;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Validation;

/// <summary>
/// What a version asks of its validation, checked before it is queued: the memory cap it requests is within this
/// server's maximum, and every smoke hint reaches an input (or dim, file, tier, sample) of the models it applies to —
/// a hint that reaches nothing would let a model run on placeholders the uploader meant to replace. The refusal lists
/// every model's inputs, so the uploader sees what the names should have been.
/// </summary>
public sealed class ValidationRequestCheck(IOptions<OnnxValidatorOptions> options, BlobInspection inspection) : IVersionCheck
{
    public async Task<RequestError?> CheckAsync(Repository repository, Caller caller, CreateVersionRequest request,
        IReadOnlyList<VersionFile> files, CancellationToken cancellationToken)
    {
        if (CheckLimits(request.Limits) is { } limits)
        {
            return limits;
        }

        if (request.Smoke is not { } smoke || IsEmpty(smoke))
        {
            return null;
        }

        var tiers = (request.Variants ?? []).Where(v => v.File is not null && v.Name is not null)
            .ToDictionary(v => v.File!, v => v.Name, StringComparer.Ordinal);
        var models = new List<ModelInputs>();
        foreach (var file in files.Where(f => VersionTiers.IsOnnx(f.Path)))
        {
            if (await inspection.InspectAsync(file.Digest, file.Size, cancellationToken) is not { } model)
            {
                // A file that is no ONNX model is rejected by validation with its own reason; hints cannot be judged.
                return null;
            }

            models.Add(new ModelInputs(file.Path, tiers.GetValueOrDefault(file.Path), model.Inputs));
        }

        var result = SmokeHintCheck.Check(smoke, models, files.Select(f => f.Path).ToList());
        if (result.Ok)
        {
            return null;
        }

        var unmatched = string.Join("; ", result.Unmatched.Select(u => $"{u.Hint}: {u.Reason}"));
        var inputs = string.Join("; ", models.Select(m =>
            $"{m.Path}: {string.Join(", ", m.Inputs.Select(i => $"{i.Name} {i.ElementType}[{string.Join(",", i.Shape)}]"))}"));
        return new RequestError(ErrorCodes.SmokeHintUnmatched,
            $"Smoke hints that reach nothing: {unmatched}. The models' inputs: {inputs}.",
            new Dictionary<string, object?> { ["unmatched"] = result.Unmatched, ["models"] = result.Models });
    }

    private RequestError? CheckLimits(ValidationLimits? limits)
    {
        if (limits?.MemoryCapMegabytes is not { } asked)
        {
            return null;
        }

        var max = options.Value.MaxMemoryCapMegabytes;
        if (asked < 1)
        {
            return new RequestError(ErrorCodes.InvalidField, $"{AppliedLimits.RequestField} must be a number of MB ≥ 1.");
        }

        return asked <= max ? null : new RequestError(ErrorCodes.MemoryCapAboveMaximum,
            $"{AppliedLimits.RequestField} asks for {asked} MB; this server validates with at most {max} MB "
            + $"({AppliedLimits.MaxMemorySetting}). Ask for {max} MB or less, or have an operator raise the setting.",
            new Dictionary<string, object?> { ["maxMemoryCapMegabytes"] = max, ["setting"] = AppliedLimits.MaxMemorySetting });
    }

    private static bool IsEmpty(SmokeSettings smoke) =>
        smoke.Dims is null or { Count: 0 } && smoke.Inputs is null or { Count: 0 }
        && smoke.Files is null or { Count: 0 } && smoke.Variants is null or { Count: 0 };
}
