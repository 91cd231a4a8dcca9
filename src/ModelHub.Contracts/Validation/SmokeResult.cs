namespace ModelHub.Contracts.Validation;

/// <summary>An output of a smoke run. <see cref="Values"/> is kept only in memory, to compare tiers; reports omit it.</summary>
public sealed record SmokeOutput(string Name, string ElementType, IReadOnlyList<long> Shape, bool Finite)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public double[] Values { get; init; } = [];
}

/// <summary>An input as it was fed: its shape, and whether it came from a hint or was generated.</summary>
public sealed record SmokeInput(string Name, string ElementType, IReadOnlyList<long> Shape, bool Hinted);

public sealed record SmokeResult(double LoadMs, double MedianLatencyMs, int Runs, IReadOnlyList<SmokeInput> Inputs, IReadOnlyList<SmokeOutput> Outputs);
