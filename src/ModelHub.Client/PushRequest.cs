using ModelHub.Contracts.Validation;

namespace ModelHub.Client;

/// <summary>
/// A tier to declare when pushing: its precision, the providers it is meant for, the memory it needs (MB) and its
/// quality (higher is preferred; default: by precision).
/// </summary>
public sealed record PushVariant(
    string Name, string File, bool Reference = false, string? Precision = null, IReadOnlyList<string>? Providers = null,
    long? MinMemoryMb = null, double? Quality = null);

/// <summary>What to push: files by their path in the version, and how to describe the version.</summary>
public sealed record PushRequest(string Repository, string Version, IReadOnlyDictionary<string, string> Files)
{
    /// <summary><see cref="RepositoryKinds.Models"/> or <see cref="RepositoryKinds.Datasets"/>.</summary>
    public string Kind { get; init; } = RepositoryKinds.Models;
    public string? Notes { get; init; }
    public IReadOnlyList<PushVariant>? Variants { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? SmokeValues { get; init; }
    public IReadOnlyDictionary<string, long>? SmokeDims { get; init; }

    /// <summary>How close every tier's outputs must stay to the reference tier's (default: the server's).</summary>
    public Tolerance? Tolerance { get; init; }

    /// <summary>Lineage: the dataset versions (<c>owner/name@version</c>) this version was trained or evaluated on.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }
}
