namespace ModelHub.Contracts.Validation;

/// <summary>The inputs of one ONNX file of a version, as inspection read them.</summary>
public sealed record ModelInputs(string Path, string? Variant, IReadOnlyList<TensorInfo> Inputs);

/// <summary>A hint that reaches nothing: <c>hint</c> is a JSON pointer into the smoke settings.</summary>
public sealed record UnmatchedHint(string Hint, string Reason);

/// <summary>The hints that reach nothing, and every model's inputs, so the publisher sees what they could have named.</summary>
public sealed record HintCheckResult(IReadOnlyList<UnmatchedHint> Unmatched, IReadOnlyList<ModelInputs> Models)
{
    public bool Ok => Unmatched.Count == 0;
}

/// <summary>
/// Checks smoke settings against the models they are for, before anything runs: every input hint must name an input
/// of a file it applies to, every dim a symbolic dim, every file and tier scope a file or tier of the version, every
/// shape the input's rank and every sample a <c>.npy</c> file of the version. Pure: the server answers 422 with it.
/// </summary>
public static class SmokeHintCheck
{
    /// <param name="settings">The version's smoke settings.</param>
    /// <param name="models">Every ONNX file of the version with its tier and inputs.</param>
    /// <param name="versionFiles">Every path of the version, to check samples against; null skips that check.</param>
    public static HintCheckResult Check(SmokeSettings settings, IReadOnlyList<ModelInputs> models,
        IReadOnlyCollection<string>? versionFiles = null)
    {
        var unmatched = new List<UnmatchedHint>();
        CheckScope("", new SmokeScope(settings.Dims, settings.Inputs), models, "any ONNX file of the version", versionFiles, unmatched);
        foreach (var pair in settings.Variants ?? new Dictionary<string, SmokeScope>())
        {
            var tier = models.Where(m => m.Variant == pair.Key).ToList();
            var pointer = $"/variants/{Escape(pair.Key)}";
            if (tier.Count == 0)
            {
                unmatched.Add(new UnmatchedHint(pointer, $"the version has no tier `{pair.Key}`"));
                continue;
            }

            CheckScope(pointer, pair.Value, tier, $"tier {pair.Key}", versionFiles, unmatched);
        }

        foreach (var pair in settings.Files ?? new Dictionary<string, SmokeScope>())
        {
            var file = models.Where(m => m.Path == pair.Key).ToList();
            var pointer = $"/files/{Escape(pair.Key)}";
            if (file.Count == 0)
            {
                unmatched.Add(new UnmatchedHint(pointer, $"`{pair.Key}` is not an ONNX file of the version"));
                continue;
            }

            CheckScope(pointer, pair.Value, file, pair.Key, versionFiles, unmatched);
        }

        return new HintCheckResult(unmatched, models);
    }

    private static void CheckScope(string pointer, SmokeScope scope, IReadOnlyList<ModelInputs> models, string where,
        IReadOnlyCollection<string>? versionFiles, List<UnmatchedHint> unmatched)
    {
        foreach (var dim in (scope.Dims ?? new Dictionary<string, long>()).Keys)
        {
            if (!models.Any(m => m.Inputs.Any(i => i.Shape.Contains(dim))))
            {
                unmatched.Add(new UnmatchedHint($"{pointer}/dims/{Escape(dim)}", $"no input of {where} has a dim named `{dim}`"));
            }
        }

        foreach (var pair in scope.Inputs ?? new Dictionary<string, SmokeHint>())
        {
            var inputPointer = $"{pointer}/inputs/{Escape(pair.Key)}";
            var inputs = models.SelectMany(m => m.Inputs.Where(i => i.Name == pair.Key).Select(i => (m.Path, Input: i))).ToList();
            if (inputs.Count == 0)
            {
                unmatched.Add(new UnmatchedHint(inputPointer, $"no input named `{pair.Key}` in {where}"));
                continue;
            }

            var hint = pair.Value;
            foreach (var (path, input) in inputs.Where(i => hint.Shape is { } shape && shape.Count != i.Input.Shape.Count))
            {
                unmatched.Add(new UnmatchedHint($"{inputPointer}/shape",
                    $"the shape has {hint.Shape!.Count} dims; input `{input.Name}` of {path} has {input.Shape.Count}"));
            }

            if (hint.Sample is { } sample && !IsSampleFile(sample, versionFiles))
            {
                unmatched.Add(new UnmatchedHint($"{inputPointer}/sample", $"`{sample}` is not a .npy file of the version"));
            }
        }
    }

    private static bool IsSampleFile(string sample, IReadOnlyCollection<string>? versionFiles) =>
        sample.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) && (versionFiles is null || versionFiles.Contains(sample));

    /// <summary>RFC 6901: a key containing <c>/</c> (a file in a folder) stays one segment.</summary>
    private static string Escape(string key) => key.Replace("~", "~0").Replace("/", "~1");
}
