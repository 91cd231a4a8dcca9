using System.Text.Json.Serialization;

namespace ModelHub.Contracts.Manifests;

/// <summary>What a device should download, what to try if that fails, and why.</summary>
public sealed record Manifest(
    string Model,
    string Version,
    string? Channel,
    ManifestRollout? Rollout,
    ManifestVariant Variant,
    IReadOnlyList<ManifestFile> SharedFiles,
    IReadOnlyList<ManifestVariant> Fallbacks,
    string Reason,
    IReadOnlyList<ManifestExclusion> Excluded)
{
    /// <summary>The chosen tier's files and the shared files: everything to download. Not part of the wire shape.</summary>
    [JsonIgnore]
    public IEnumerable<ManifestFile> AllFiles => Variant.Files.Concat(SharedFiles);
}

/// <summary>A file to download: immutable by digest, so its URL can be cached forever.</summary>
public sealed record ManifestFile(string Path, string Url, string Digest, long Size);

public sealed record ManifestVariant(
    string Name, string Precision, IReadOnlyList<string> Providers, long Size, long MinMemoryMb, IReadOnlyList<ManifestFile> Files);

public sealed record ManifestExclusion(string Variant, string Reason);

public sealed record ManifestRollout(string Version, double Percent, bool Included);
