namespace ModelHub.Contracts.Validation;

/// <summary>
/// Per-output agreement of a tier with its reference over the same input sets, the values of every set side by side
/// (so an output of one element still forms a vector): largest absolute difference, cosine similarity and relative L2
/// error (‖tier − reference‖ / ‖reference‖). A number that cannot be measured (shapes differ, an output is missing
/// or not finite) is absent, and <c>reason</c> says why.
/// </summary>
public sealed record Agreement(string Output, double? MaxAbsDiff, double? Cosine, bool Passed, string? Reason)
{
    private readonly double? _maxAbsDiff = FiniteNumbers.OrNull(MaxAbsDiff);
    private readonly double? _cosine = FiniteNumbers.OrNull(Cosine);
    private readonly double? _relativeError;

    public double? MaxAbsDiff { get => _maxAbsDiff; init => _maxAbsDiff = FiniteNumbers.OrNull(value); }

    public double? Cosine { get => _cosine; init => _cosine = FiniteNumbers.OrNull(value); }

    /// <summary>‖tier − reference‖₂ / ‖reference‖₂ over all compared values (0 when both are zero).</summary>
    public double? RelativeError { get => _relativeError; init => _relativeError = FiniteNumbers.OrNull(value); }

    /// <summary>How many values were compared: elements per input set × input sets.</summary>
    public long Values { get; init; }

    /// <summary>The tier's shape of this output at the first input set.</summary>
    public IReadOnlyList<long>? Shape { get; init; }

    /// <summary>The reference tier's shape of this output at the first input set.</summary>
    public IReadOnlyList<long>? ReferenceShape { get; init; }
}
