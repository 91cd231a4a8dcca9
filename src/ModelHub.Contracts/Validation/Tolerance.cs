namespace ModelHub.Contracts.Validation;

/// <summary>How close a tier's outputs must stay to the reference tier's on the same inputs.</summary>
public sealed record Tolerance(double MinCosine = Tolerance.DefaultMinCosine, double? MaxAbsDiff = null)
{
    public const double DefaultMinCosine = 0.99;
    public static readonly Tolerance Default = new();
}
