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
    /// <summary>
    /// A tier that declares no provider runs on whatever the device offers (ONNX Runtime's CPU provider runs everywhere).
    /// </summary>
    public bool RunsAnywhere => Providers.Count == 0;

    /// <summary>Declared, or derived from the download (see <see cref="MemoryNeededMb"/>).</summary>
    public long NeededMemoryMb => MemoryNeededMb(SizeBytes, MinMemoryMb);

    /// <summary>Declared quality, else the precision's usual rank (fp32 above fp16 above int8 above int4).</summary>
    public double Rank => Quality ?? Precisions.Rank(Precision);

    /// <summary>The memory a tier needs: as declared, else weights plus working memory, about 1.5 × the download.</summary>
    public static long MemoryNeededMb(long sizeBytes, long? declaredMb) =>
        declaredMb ?? (long)Math.Ceiling(sizeBytes * 1.5 / (1024 * 1024));
}
