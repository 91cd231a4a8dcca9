namespace ModelHub.Contracts.Validation;

/// <summary>An output of a smoke run at the first input set: its shape, and whether every value of every set was finite.</summary>
public sealed record SmokeOutput(string Name, string ElementType, IReadOnlyList<long> Shape, bool Finite);

/// <summary>A symbolic dim no hint sized, so the run used 1: <c>dim</c> is its name, or <c>?</c> when unnamed.</summary>
public sealed record PlaceholderDim(int Index, string Dim);

/// <summary>
/// An input as it was fed (or was to be fed, when the run failed): its shape and where its values came from —
/// <c>synthetic</c> (generated), <c>hinted</c> (values or a range from a hint) or
/// <c>sample</c> (a <c>.npy</c> file of the version, named by <c>sample</c>).
/// <c>hinted</c> is true for hinted and sample inputs.
/// </summary>
public sealed record SmokeInput(string Name, string ElementType, IReadOnlyList<long> Shape, bool Hinted)
{
    public const string Synthetic = "synthetic", HintedSource = "hinted", SampleSource = "sample";

    private readonly double? _min, _max;

    public string Source { get; init; } = Synthetic;

    public string? Sample { get; init; }

    /// <summary>The smallest value fed at the first input set (absent for strings or when not a number).</summary>
    public double? Min { get => _min; init => _min = FiniteNumbers.OrNull(value); }

    /// <summary>The largest value fed at the first input set.</summary>
    public double? Max { get => _max; init => _max = FiniteNumbers.OrNull(value); }

    /// <summary>Dims set to 1 because nothing sized them.</summary>
    public IReadOnlyList<PlaceholderDim>? Placeholders { get; init; }
}

/// <summary>
/// A smoke run of one file. The first run pays one-time costs (<c>firstRunMs</c>); <c>medianLatencyMs</c>
/// is the median of the runs after it at the same shapes, or the first run when there was only one. The latency is not
/// representative when a dim that decides the work (any but the leading batch dim) was a placeholder.
/// </summary>
public sealed record SmokeResult(
    double LoadMs,
    double MedianLatencyMs,
    int Runs,
    IReadOnlyList<SmokeInput> Inputs,
    IReadOnlyList<SmokeOutput> Outputs)
{
    private readonly double _loadMs = FiniteNumbers.OrZero(LoadMs);
    private readonly double _medianLatencyMs = FiniteNumbers.OrZero(MedianLatencyMs);
    private readonly double? _firstRunMs;

    /// <summary>Session create: reading, optimising and preparing the model.</summary>
    public double LoadMs { get => _loadMs; init => _loadMs = FiniteNumbers.OrZero(value); }

    public double MedianLatencyMs { get => _medianLatencyMs; init => _medianLatencyMs = FiniteNumbers.OrZero(value); }

    public double? FirstRunMs { get => _firstRunMs; init => _firstRunMs = FiniteNumbers.OrNull(value); }

    /// <summary>Runs after the first (warm-up) run whose median is <c>medianLatencyMs</c>; 0 when it is the first run.</summary>
    public int TimedRuns { get; init; }

    /// <summary>Input sets the model ran on: the first is the timed one, the others feed tier agreement.</summary>
    public int InputSets { get; init; } = 1;

    public bool LatencyRepresentative { get; init; } = true;
}
