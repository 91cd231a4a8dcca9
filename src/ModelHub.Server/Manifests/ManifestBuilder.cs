using System.Text.Json;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Manifests;

/// <summary>Turns a published version and a device into a manifest: tiers as candidates, the selection, the files to fetch.</summary>
public static class ManifestBuilder
{
    public sealed record Tier(TierCandidate Candidate, IReadOnlyList<VersionFile> Files);

    public static IReadOnlyList<Tier> Tiers(RepositoryVersion version)
    {
        var report = version.ValidationReport is null ? null : JsonSerializer.Deserialize<ValidationReport>(version.ValidationReport, ValidationJson.Options);
        var byPath = version.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        // Without declared variants every ONNX file is a tier of its own, named after the file (as Hugging Face lays them out).
        var declared = version.Variants.Count > 0
            ? version.Variants
            : version.Files.Where(f => f.Path.EndsWith(VariantRules.OnnxExtension, StringComparison.OrdinalIgnoreCase))
                .Select(f => new VersionVariant { Name = Path.GetFileNameWithoutExtension(f.Path), Path = f.Path }).ToList();
        return declared.Select(variant =>
        {
            var fileReport = report?.Files.FirstOrDefault(f => f.Path == variant.Path);
            var folder = variant.Path.Contains('/') ? variant.Path[..(variant.Path.LastIndexOf('/') + 1)] : "";
            var files = new List<VersionFile> { byPath[variant.Path] };
            files.AddRange((fileReport?.Model?.ExternalData ?? []).Select(e => folder + e).Where(byPath.ContainsKey).Distinct().Select(p => byPath[p]));
            var candidate = new TierCandidate(variant.Name, variant.Precision ?? fileReport?.Model?.Precision ?? "unknown", files.Sum(f => f.Size),
                variant.Providers, variant.MinMemoryMb, variant.Quality, variant.IsReference);
            return new Tier(candidate, files);
        }).ToList();
    }

    public static Manifest Build(string model, RepositoryVersion version, string? channel, ManifestRollout? rollout, IReadOnlyList<Tier> tiers, SelectionResult selection)
    {
        var tierFiles = tiers.SelectMany(t => t.Files.Select(f => f.Path)).ToHashSet(StringComparer.Ordinal);
        var shared = version.Files
            .Where(f => !tierFiles.Contains(f.Path) && !f.Path.EndsWith(VariantRules.OnnxExtension, StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Path, StringComparer.Ordinal).Select(File).ToList();
        ManifestVariant Variant(TierCandidate candidate)
        {
            var tier = tiers.First(t => t.Candidate.Name == candidate.Name);
            return new ManifestVariant(candidate.Name, candidate.Precision, candidate.Providers, candidate.SizeBytes, candidate.NeededMemoryMb, tier.Files.Select(File).ToList());
        }

        return new Manifest(model, version.Name, channel, rollout, Variant(selection.Chosen!), shared,
            selection.Fallbacks.Select(Variant).ToList(), selection.Reason,
            selection.Excluded.Select(e => new ManifestExclusion(e.Variant, e.Reason)).ToList());
    }

    private static ManifestFile File(VersionFile file) => new(file.Path, $"/v1/blobs/{file.Digest}", file.Digest, file.Size);
}
