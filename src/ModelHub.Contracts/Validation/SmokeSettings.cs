namespace ModelHub.Contracts.Validation;

/// <summary>
/// How to feed one input in a smoke run. <c>shape</c> gives every dim, a null entry keeping the model's own
/// (a fixed size, or a symbolic one sized from <c>dims</c>): <c>[1, null, 640, 640]</c>; it reaches unnamed <c>?</c>
/// dims too. Values come from <c>sample</c> (a <c>.npy</c> file of the version), else <c>values</c>
/// (repeated to fill the tensor, e.g. a sample rate of 16000), else random in [<c>min</c>, <c>max</c>).
/// </summary>
public sealed record SmokeHint(
    IReadOnlyList<long?>? Shape = null,
    IReadOnlyList<double>? Values = null,
    double? Min = null,
    double? Max = null,
    string? Sample = null)
{
    /// <summary>This hint with the fields <paramref name="other"/> sets replacing this one's.</summary>
    public SmokeHint Overlay(SmokeHint other) => new(
        other.Shape ?? Shape, other.Values ?? Values, other.Min ?? Min, other.Max ?? Max, other.Sample ?? Sample);
}

/// <summary>Hints for one file or one tier: sizes of symbolic dims by name and hints by input name.</summary>
public sealed record SmokeScope(IReadOnlyDictionary<string, long>? Dims = null, IReadOnlyDictionary<string, SmokeHint>? Inputs = null)
{
    /// <summary>This scope with <paramref name="other"/>'s dims and hint fields replacing this one's.</summary>
    public SmokeScope Overlay(SmokeScope? other)
    {
        if (other is null)
        {
            return this;
        }

        var dims = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var source in new[] { Dims, other.Dims })
        {
            foreach (var pair in source ?? new Dictionary<string, long>())
            {
                dims[pair.Key] = pair.Value;
            }
        }

        var inputs = new Dictionary<string, SmokeHint>(StringComparer.Ordinal);
        foreach (var source in new[] { Inputs, other.Inputs })
        {
            foreach (var pair in source ?? new Dictionary<string, SmokeHint>())
            {
                inputs[pair.Key] = inputs.TryGetValue(pair.Key, out var earlier) ? earlier.Overlay(pair.Value) : pair.Value;
            }
        }

        return new SmokeScope(dims, inputs);
    }
}

/// <summary>
/// Smoke-run settings for a version: <c>dims</c> and <c>inputs</c> for every ONNX file, overridden per
/// tier (<c>variants</c>, by tier name) and then per file (<c>files</c>, by path in the version), so
/// files that share an input name (<c>x</c>) can be hinted apart.
/// </summary>
public sealed record SmokeSettings(
    IReadOnlyDictionary<string, long>? Dims = null,
    IReadOnlyDictionary<string, SmokeHint>? Inputs = null,
    IReadOnlyDictionary<string, SmokeScope>? Files = null,
    IReadOnlyDictionary<string, SmokeScope>? Variants = null)
{
    public static readonly SmokeSettings None = new();

    /// <summary>The hints that apply to the file at <paramref name="path"/>, the tier <paramref name="variant"/>.</summary>
    public SmokeScope For(string path, string? variant = null) => new SmokeScope(Dims, Inputs)
        .Overlay(variant is null ? null : Variants?.GetValueOrDefault(variant))
        .Overlay(Files?.GetValueOrDefault(path));
}
