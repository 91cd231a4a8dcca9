namespace ModelHub.Contracts.Validation;

/// <summary>
/// How close a tier's outputs must stay to the reference tier's on the same input sets. Every bound applies to every
/// output. <c>maxRelativeError</c> left out is the L2 error that <c>minCosine</c> allows between
/// vectors of equal length, √(2 (1 − minCosine)): it adds the check cosine cannot make, a tier off by a scale factor.
/// <c>inputSets</c> left out is chosen per reference model: enough sets that every output compares at least
/// <c>16</c> values, at most <c>8</c>.
/// </summary>
public sealed record Tolerance(
    double MinCosine = Tolerance.DefaultMinCosine,
    double? MaxAbsDiff = null,
    double? MaxRelativeError = null,
    int? InputSets = null)
{
    /// <summary>
    /// Real int8 tiers measure 0.98–0.999 against their fp32 reference (0.983 for a published background-removal
    /// tier on noise, 0.9925 on an image); fp16 tiers above 0.999; a tier with wrong or random weights near 0.
    /// </summary>
    public const double DefaultMinCosine = 0.98;

    /// <summary>Automatic input sets stop at <c>8</c>; declared ones at <c>32</c>.</summary>
    public const int MinComparedValues = 16, MaxInputSets = 8, MaxDeclaredInputSets = 32;

    public static readonly Tolerance Default = new();

    private readonly double _minCosine = FiniteNumbers.OrZero(MinCosine);
    private readonly double? _maxAbsDiff = FiniteNumbers.OrNull(MaxAbsDiff);
    private readonly double? _maxRelativeError = FiniteNumbers.OrNull(MaxRelativeError);

    public double MinCosine { get => _minCosine; init => _minCosine = FiniteNumbers.OrZero(value); }

    public double? MaxAbsDiff { get => _maxAbsDiff; init => _maxAbsDiff = FiniteNumbers.OrNull(value); }

    public double? MaxRelativeError { get => _maxRelativeError; init => _maxRelativeError = FiniteNumbers.OrNull(value); }

    /// <summary>The relative error bound in force: the declared one, else the one derived from the cosine bound.</summary>
    public double EffectiveMaxRelativeError() =>
        MaxRelativeError ?? Math.Round(Math.Sqrt(2 * (1 - Math.Clamp(MinCosine, -1, 1))), 4);

    /// <summary>The input sets for a reference whose smallest output has <paramref name="smallestOutput"/> elements.</summary>
    public int InputSetsFor(long smallestOutput)
    {
        if (InputSets is { } declared)
        {
            return Math.Clamp(declared, 1, MaxDeclaredInputSets);
        }

        var elements = Math.Max(1, smallestOutput);
        return (int)Math.Clamp((MinComparedValues + elements - 1) / elements, 1, MaxInputSets);
    }
}
