using ModelHub.Core.Entities;
using ModelHub.Core.Naming;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Versions;

/// <summary>Checks the tiers a version declares and turns them into entities; exactly one tier is the reference.</summary>
public static class VariantRules
{
    public const int MaxVariants = 32;

    /// <summary>The tier that is the reference when none is marked.</summary>
    public const string FallbackReference = "fp32";

    public static RequestError? Validate(CreateVersionRequest request)
    {
        if (request.Variants is not { Count: > 0 } variants)
        {
            return null;
        }

        if (variants.Count > MaxVariants)
        {
            return new RequestError(ErrorCodes.InvalidVariant, $"A version declares at most {MaxVariants} variants.");
        }

        var paths = request.Files!.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variant in variants)
        {
            if (variant is null || !Names.IsValidVersion(variant.Name) || !names.Add(variant.Name!))
            {
                return new RequestError(ErrorCodes.InvalidVariant,
                    $"Variant names must be unique and match {Names.Pattern} ('{variant?.Name}').");
            }

            if (variant.File is null || !paths.Contains(variant.File) || !VersionTiers.IsOnnx(variant.File))
            {
                return new RequestError(ErrorCodes.InvalidVariant,
                    $"Variant '{variant.Name}' must name one of the version's .onnx files ('{variant.File}').");
            }

            if (variant.Precision?.Length > 16 || variant.Providers?.Count > 16 || variant.MinMemoryMb < 0)
            {
                return new RequestError(ErrorCodes.InvalidVariant,
                    $"Variant '{variant.Name}' has an invalid precision, provider list or memory.");
            }
        }

        if (variants.Count(v => v.Reference == true) > 1)
        {
            return new RequestError(ErrorCodes.InvalidVariant, "Only one variant can be the reference.");
        }

        if (request.Tolerance is { } tolerance && (tolerance.MinCosine is < -1 or > 1 || tolerance.MaxAbsDiff < 0))
        {
            return new RequestError(ErrorCodes.InvalidField, "tolerance.minCosine must be within [-1, 1] and tolerance.maxAbsDiff ≥ 0.");
        }

        return null;
    }

    /// <summary>The variants as entities; without an explicit reference, <c>fp32</c> (else the first) is it.</summary>
    public static List<VersionVariant> ToEntities(List<VariantEntry>? variants)
    {
        if (variants is not { Count: > 0 })
        {
            return [];
        }

        var reference = variants.FirstOrDefault(v => v.Reference == true)
            ?? variants.FirstOrDefault(v => v.Name == FallbackReference) ?? variants[0];
        return variants.Select(v => new VersionVariant
        {
            Name = v.Name!,
            Path = v.File!,
            Precision = v.Precision?.ToLowerInvariant(),
            IsReference = ReferenceEquals(v, reference),
            Providers = (v.Providers ?? []).Select(p => p.ToLowerInvariant()).Distinct().ToList(),
            MinMemoryMb = v.MinMemoryMb,
            Quality = v.Quality,
        }).ToList();
    }
}
