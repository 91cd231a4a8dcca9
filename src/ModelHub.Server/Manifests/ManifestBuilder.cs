using ModelHub.Core.Entities;
using ModelHub.Core.Selection;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Manifests;

/// <summary>Turns a published version's tiers and the selection made among them into a manifest: the files to fetch.</summary>
public static class ManifestBuilder
{
    public static Manifest Build(string model, ManifestCache.VersionSnapshot snapshot, ManifestResolver.Resolved resolved,
        DeviceProfile device, SelectionResult selection)
    {
        var (version, tiers) = (snapshot.Version, snapshot.Tiers);
        var tierFiles = tiers.SelectMany(t => t.Files.Select(f => f.Path)).ToHashSet(StringComparer.Ordinal);
        var shared = version.Files
            .Where(f => !tierFiles.Contains(f.Path) && !VersionTiers.IsOnnx(f.Path))
            .OrderBy(f => f.Path, StringComparer.Ordinal).Select(File).ToList();
        ManifestVariant Variant(TierCandidate candidate)
        {
            var tier = tiers.First(t => t.Name == candidate.Name);
            return new ManifestVariant(candidate.Name, candidate.Precision, candidate.Providers, candidate.SizeBytes,
                candidate.NeededMemoryMb, tier.Files.Select(File).ToList())
            {
                ExecutionProvider = candidate.ProviderOn(device),
                MemorySource = candidate.MemorySource,
            };
        }

        var reason = resolved.Note is null ? selection.Reason : $"{resolved.Note}; {selection.Reason}";
        if (snapshot.QualityExplanation is { } measured)
        {
            reason = $"{reason} ({measured})";
        }

        return new Manifest(model, version.Name, resolved.Channel, resolved.Rollout, Variant(selection.Chosen!), shared,
            selection.Fallbacks.Select(Variant).ToList(), reason,
            selection.Excluded.Select(e => new ManifestExclusion(e.Variant, e.Reason)).ToList());
    }

    private static ManifestFile File(VersionFile file) => new(file.Path, $"/v1/blobs/{file.Digest}", file.Digest, file.Size);
}
