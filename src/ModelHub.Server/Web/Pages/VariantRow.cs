namespace ModelHub.Server.Web.Pages;

/// <summary>One tier of the shown version, as the variant table lists it.</summary>
public sealed record VariantRow(string Name, string Path, bool Reference, string? Precision, long Size, IReadOnlyList<string> Providers,
    long MemoryMb, string MemorySource, string Status, string? Reason, double? LatencyMs, string Agreement, long Downloads,
    long Lookups)
{
    /// <summary>What the uploader declared, beside what validation measured: both are shown when known.</summary>
    public long? DeclaredMemoryMb { get; init; }

    public long? MeasuredMemoryMb { get; init; }

    /// <summary>False when the run used placeholder dims: the latency then says little about real inputs.</summary>
    public bool LatencyRepresentative { get; init; } = true;

    /// <summary>Placeholder dims, a declared precision the weights contradict, hints that reached nothing.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
