using System.Text.Json.Serialization;

namespace ModelHub.Contracts.Manifests;

/// <summary>
/// What a device should download, what to try if that fails, and why. The signed body also says what it answers
/// (<see cref="Request"/>), when it was issued and until when it holds, so a client refuses a manifest replayed after
/// it expired or meant for another repository, channel, version or device.
/// </summary>
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
    /// <summary>What this manifest answers: the repository, the channel or version asked for, the device.</summary>
    public ManifestRequest? Request { get; init; }

    /// <summary>When the server signed it.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>After this, clients refuse it and ask again.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The chosen tier's files and the shared files: everything to download. Not part of the wire shape.</summary>
    [JsonIgnore]
    public IEnumerable<ManifestFile> AllFiles => Variant.Files.Concat(SharedFiles);
}

/// <summary>A file to download: immutable by digest, so its URL can be cached forever.</summary>
public sealed record ManifestFile(string Path, string Url, string Digest, long Size);

public sealed record ManifestVariant(
    string Name, string Precision, IReadOnlyList<string> Providers, long Size, long MinMemoryMb, IReadOnlyList<ManifestFile> Files)
{
    /// <summary>The execution provider to create the session with on the device asked about (<c>webgpu</c>, <c>cpu</c> …).</summary>
    public string? ExecutionProvider { get; init; }

    /// <summary>Where <see cref="MinMemoryMb"/> comes from: <c>declared</c>, <c>measured</c> (by validation) or <c>estimated</c>.</summary>
    public string? MemorySource { get; init; }
}

/// <summary>
/// The question a manifest answers: <c>channel</c> or <c>version</c> as asked (<c>channel</c> is <c>stable</c> when
/// neither was named), and the device in <see cref="DeviceDescription"/>'s canonical form (without the client id).
/// </summary>
public sealed record ManifestRequest(string Repository, string? Channel, string? Version, string Device);

public sealed record ManifestExclusion(string Variant, string Reason);

public sealed record ManifestRollout(string Version, double Percent, bool Included);
