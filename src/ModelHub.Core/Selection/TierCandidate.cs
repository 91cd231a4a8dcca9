namespace ModelHub.Core.Selection;

/// <summary>A tier as selection sees it: what it needs and what it costs.</summary>
public sealed record TierCandidate(
    string Name,
    string Precision,
    long SizeBytes,
    IReadOnlyList<string> Providers,
    long? MinMemoryMb = null,
    double? Quality = null,
    bool IsReference = false)
{
    /// <summary>A tier that declares no provider runs on whatever the device offers (ONNX Runtime's CPU provider runs everywhere).</summary>
    public bool RunsAnywhere => Providers.Count == 0;

    /// <summary>Declared, or derived from the download: weights plus working memory, about 1.5 × the file size.</summary>
    public long NeededMemoryMb => MinMemoryMb ?? (long)Math.Ceiling(SizeBytes * 1.5 / (1024 * 1024));

    /// <summary>Declared quality, else the precision's usual rank (fp32 above fp16 above int8 above int4).</summary>
    public double Rank => Quality ?? Precision switch
    {
        "fp32" => 4,
        "fp16" or "bf16" => 3,
        "mixed" => 2.5,
        "int8" => 2,
        "int4" => 1,
        _ => 0,
    };
}
