namespace ModelHub.Contracts.Validation;

/// <summary>
/// How to feed one input in a smoke run: a full <see cref="Shape"/>, explicit <see cref="Values"/> (repeated to fill
/// the tensor, e.g. a sample rate of 16000), or a value range. Whatever is left out is generated.
/// </summary>
public sealed record SmokeHint(IReadOnlyList<long>? Shape = null, IReadOnlyList<double>? Values = null, double? Min = null, double? Max = null);

/// <summary>Smoke-run settings for a version: sizes for symbolic dims by name (<c>batch</c> = 1) and hints per input name.</summary>
public sealed record SmokeSettings(IReadOnlyDictionary<string, long>? Dims = null, IReadOnlyDictionary<string, SmokeHint>? Inputs = null)
{
    public static readonly SmokeSettings None = new();
}
