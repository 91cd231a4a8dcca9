using Microsoft.ML.OnnxRuntime.Tensors;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Samples;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// One input of a model as it will be fed: element type, shape (every dim decided), where its values come from. Input
/// set 0 is the timed one; sets 1… feed tier agreement. Values depend only on the input's name, hint, sample and set,
/// so a reference tier and its quantized tiers see exactly the same numbers.
/// </summary>
public sealed class PlannedInput
{
    private double? _spread;

    internal PlannedInput(string name, string elementType, TensorElementType type, long[] shape, SmokeHint? hint, NpyArray? sample,
        IReadOnlyList<PlaceholderDim> placeholders)
    {
        Name = name;
        ElementType = elementType;
        Type = type;
        Shape = shape;
        Hint = hint;
        SampleArray = sample;
        Placeholders = placeholders;
    }

    public string Name { get; }

    public string ElementType { get; }

    public TensorElementType Type { get; }

    public long[] Shape { get; }

    public SmokeHint? Hint { get; }

    public IReadOnlyList<PlaceholderDim> Placeholders { get; }

    public string Source => SampleArray is not null ? SmokeInput.SampleSource
        : Hint?.Values is { Count: > 0 } || Hint?.Min is not null || Hint?.Max is not null ? SmokeInput.HintedSource
        : SmokeInput.Synthetic;

    public bool IsIntegral => Type is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16
        or TensorElementType.BFloat16 or TensorElementType.String);

    /// <summary>
    /// The range synthetic values are drawn from: the hint's, else [-1, 1) for floats, [0, 10) for integers. A hint that
    /// gives only one bound keeps the default width on the other side.
    /// </summary>
    public (double Lo, double Hi) Range
    {
        get
        {
            if (Type == TensorElementType.Bool)
            {
                return (0, 2);
            }

            var (lo, hi, width) = IsIntegral ? (0.0, 10.0, 10.0) : (-1.0, 1.0, 2.0);
            return (Hint?.Min, Hint?.Max) switch
            {
                ({ } min, { } max) => (min, max),
                ({ } min, null) => (min, min + width),
                (null, { } max) => (max - width, max),
                _ => (lo, hi),
            };
        }
    }

    internal NpyArray? SampleArray { get; }

    private double SampleSpread => _spread ??= Spread(SampleArray!);

    public SmokeInput Describe(double? min = null, double? max = null) => new(Name, ElementType, Shape, Hint is not null)
    {
        Source = Source,
        Sample = SampleArray is null ? null : Hint?.Sample,
        Min = min,
        Max = max,
        Placeholders = Placeholders.Count == 0 ? null : Placeholders,
    };

    internal ValueSource Values(int set)
    {
        var seed = Seed(set);
        if (SampleArray is { } sample)
        {
            return set == 0
                ? new ValueSource.Sample(sample, null, 0)
                : new ValueSource.Sample(sample, new ValueSource.Random(seed, -1, 1), SampleSpread);
        }

        if (Hint?.Values is { Count: > 0 } values)
        {
            return new ValueSource.Repeated(values);
        }

        var (lo, hi) = Range;
        return new ValueSource.Random(seed, lo, hi);
    }

    /// <summary>FNV-1a over the name, mixed with the set: string.GetHashCode differs between processes.</summary>
    private ulong Seed(int set)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in Name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash ^ ((ulong)set * 0x9E3779B97F4A7C15UL);
    }

    private static double Spread(NpyArray sample)
    {
        if (sample.Floats is not { Length: > 0 } floats)
        {
            return 0;
        }

        var mean = floats.Average();
        var deviation = Math.Sqrt(floats.Sum(v => (v - mean) * (v - mean)) / floats.Length);
        return double.IsFinite(deviation) && deviation > 0 ? deviation : 1;
    }
}
