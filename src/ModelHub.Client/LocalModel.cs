namespace ModelHub.Client;

public sealed record ManifestFile(string Path, string Url, string Digest, long Size);

public sealed record ManifestVariant(string Name, string Precision, IReadOnlyList<string> Providers, long Size, long MinMemoryMb, IReadOnlyList<ManifestFile> Files);

public sealed record ManifestRollout(string Version, double Percent, bool Included);

public sealed record ManifestExclusion(string Variant, string Reason);

/// <summary>The server's answer to "what should this device download".</summary>
public sealed record Manifest(string Model, string Version, string? Channel, ManifestRollout? Rollout, ManifestVariant Variant,
    IReadOnlyList<ManifestFile> SharedFiles, IReadOnlyList<ManifestVariant> Fallbacks, string Reason, IReadOnlyList<ManifestExclusion> Excluded)
{
    /// <summary>The chosen tier's files and the shared files: everything to download.</summary>
    public IEnumerable<ManifestFile> AllFiles => Variant.Files.Concat(SharedFiles);
}

/// <summary>A model on local disk: the manifest it came from and where each of its files is.</summary>
public sealed record LocalModel(Manifest Manifest, IReadOnlyDictionary<string, string> Files, bool MayBeStale, long BytesDownloaded)
{
    /// <summary>The path of the chosen tier's ONNX file.</summary>
    public string ModelPath => Files[Manifest.Variant.Files[0].Path];
}

/// <summary>Progress of one file: bytes done of total, for progress bars.</summary>
public sealed record TransferProgress(string Path, long Done, long Total, bool Skipped = false);

/// <summary>A tier to declare when pushing.</summary>
public sealed record PushVariant(string Name, string File, bool Reference = false, string? Precision = null, IReadOnlyList<string>? Providers = null);

/// <summary>What to push: files by their path in the version, and how to describe the version.</summary>
public sealed record PushRequest(string Repository, string Version, IReadOnlyDictionary<string, string> Files)
{
    public string Kind { get; init; } = "models";
    public string? Notes { get; init; }
    public IReadOnlyList<PushVariant>? Variants { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? SmokeValues { get; init; }
    public IReadOnlyDictionary<string, long>? SmokeDims { get; init; }

    /// <summary>Lineage: the dataset versions (<c>owner/name@version</c>) this version was trained or evaluated on.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }
}

/// <summary>The outcome of a push: the version's state (validation report when rejected) and bytes actually sent.</summary>
public sealed record PushResult(string State, string? Reason, long BytesUploaded, int BlobsSkipped, System.Text.Json.JsonElement Version);
