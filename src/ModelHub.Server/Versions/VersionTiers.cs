using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;

namespace ModelHub.Server.Versions;

/// <summary>
/// Which files of a version form which tier. A version that declares its tiers has exactly those; one that declares
/// none offers each ONNX file as a tier named after the file (<c>onnx/model_fp16.onnx</c> is <c>model_fp16</c>, the
/// Hugging Face layout). A tier's external-data files, as its validation report lists them, travel with it.
/// </summary>
public static class VersionTiers
{
    public const string OnnxExtension = ".onnx";

    /// <summary>The tiers of <paramref name="version"/> (with its files and variants loaded), in declaration order.</summary>
    public static IReadOnlyList<Tier> From(RepositoryVersion version, ValidationReport? report)
    {
        var byPath = version.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var declared = version.Variants.Count > 0;
        return Declared(version).Select(variant =>
        {
            var fileReport = report?.Files.FirstOrDefault(f => f.Path == variant.Path);
            var folder = variant.Path.Contains('/', StringComparison.Ordinal) ? variant.Path[..(variant.Path.LastIndexOf('/') + 1)] : "";
            var files = new List<VersionFile> { byPath[variant.Path] };
            var externalData = (fileReport?.Model?.ExternalData ?? []).Select(e => folder + e).Where(byPath.ContainsKey).Distinct();
            files.AddRange(externalData.Select(p => byPath[p]));
            var size = files.Sum(f => f.Size);
            var measured = MeasuredPeakMb(fileReport);
            return new Tier(variant.Name, files, size, variant.MinMemoryMb ?? measured ?? TierCandidate.MemoryNeededMb(size, null),
                variant.Precision ?? fileReport?.Model?.Precision, variant.Providers, variant.IsReference, fileReport)
            {
                Declared = declared ? variant : null,
                MeasuredMemoryMb = measured,
            };
        }).ToList();
    }

    /// <summary>
    /// The name of the tier whose ONNX file is <paramref name="path"/> (needs only the version's variants loaded), or
    /// null when the file is no tier's model.
    /// </summary>
    public static string? TierOf(RepositoryVersion version, string path) => version.Variants.Count > 0
        ? version.Variants.FirstOrDefault(v => v.Path == path)?.Name
        : IsOnnx(path) ? NameFor(path) : null;

    /// <summary>
    /// The peak memory validation measured running the file (<c>memory.peakBytes</c>: model, runtime arenas, inputs and
    /// outputs at the smoke shapes, above the worker's own baseline), in MB rounded up; null when the report has none.
    /// </summary>
    public static long? MeasuredPeakMb(FileReport? report) => report?.Memory?.PeakBytes is { } bytes and > 0
        ? (long)Math.Ceiling(bytes / (1024.0 * 1024))
        : null;

    public static bool IsOnnx(string path) => path.EndsWith(OnnxExtension, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<VersionVariant> Declared(RepositoryVersion version) => version.Variants.Count > 0
        ? version.Variants
        : version.Files.Where(f => IsOnnx(f.Path)).Select(f => new VersionVariant { Name = NameFor(f.Path), Path = f.Path });

    private static string NameFor(string onnxPath) => Path.GetFileNameWithoutExtension(onnxPath);
}
