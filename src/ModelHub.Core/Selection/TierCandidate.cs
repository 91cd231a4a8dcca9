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
    public const string DeclaredMemory = "declared", MeasuredMemory = "measured", EstimatedMemory = "estimated";

    /// <summary>Peak memory validation measured running the tier's model (smoke inputs), in MB; null when not measured.</summary>
    public long? MeasuredMemoryMb { get; init; }

    /// <summary>
    /// A tier that declares no provider runs on whatever the device offers (ONNX Runtime's CPU provider runs everywhere).
    /// </summary>
    public bool RunsAnywhere => Providers.Count == 0;

    /// <summary>Declared, else measured by validation, else estimated from the download (see <see cref="MemoryNeededMb"/>).</summary>
    public long NeededMemoryMb => MinMemoryMb ?? MeasuredMemoryMb ?? MemoryNeededMb(SizeBytes, null);

    /// <summary>Where <see cref="NeededMemoryMb"/> comes from: <c>declared</c>, <c>measured</c> or <c>estimated</c>.</summary>
    public string MemorySource =>
        MinMemoryMb is not null ? DeclaredMemory : MeasuredMemoryMb is not null ? MeasuredMemory : EstimatedMemory;

    /// <summary>
    /// The tier's accuracy as an evaluation measured it on real rows; set only when every tier of the version has one, so it
    /// never competes with precision ranks.
    /// </summary>
    public double? MeasuredQuality { get; init; }

    /// <summary>Declared quality, else measured accuracy, else the precision's usual rank (fp32 above fp16 above int8 above
    /// int4).</summary>
    public double Rank => Quality ?? MeasuredQuality ?? Precisions.Rank(Precision);

    /// <summary>The memory a tier needs: as declared, else weights plus working memory, about 1.5 × the download.</summary>
    public static long MemoryNeededMb(long sizeBytes, long? declaredMb) =>
        declaredMb ?? (long)Math.Ceiling(sizeBytes * 1.5 / (1024 * 1024));

    /// <summary>
    /// The provider to create the session with on <paramref name="device"/>: the best one both offer, or the device's
    /// best for a tier that runs anywhere; null when the tier cannot run there.
    /// </summary>
    public string? ProviderOn(DeviceProfile device) => RunsAnywhere
        ? device.BestProvider
        : ExecutionProviders.Best(Providers.Where(device.EffectiveProviders.Contains));
}
