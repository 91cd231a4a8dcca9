namespace ModelHub.Client;

/// <summary>A tier to declare when pushing.</summary>
public sealed record PushVariant(
    string Name, string File, bool Reference = false, string? Precision = null, IReadOnlyList<string>? Providers = null);

/// <summary>What to push: files by their path in the version, and how to describe the version.</summary>
public sealed record PushRequest(string Repository, string Version, IReadOnlyDictionary<string, string> Files)
{
    /// <summary><see cref="RepositoryKinds.Models"/> or <see cref="RepositoryKinds.Datasets"/>.</summary>
    public string Kind { get; init; } = RepositoryKinds.Models;
    public string? Notes { get; init; }
    public IReadOnlyList<PushVariant>? Variants { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? SmokeValues { get; init; }
    public IReadOnlyDictionary<string, long>? SmokeDims { get; init; }

    /// <summary>Lineage: the dataset versions (<c>owner/name@version</c>) this version was trained or evaluated on.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }
}
