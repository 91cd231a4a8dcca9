using ModelHub.Core.Entities;
using ModelHub.Server.Http;

namespace ModelHub.Server.Versions;

/// <summary>What a version operation did; <see cref="Detail"/> says why when it did nothing.</summary>
public sealed record VersionResult(VersionOutcome Outcome, string Detail = "")
{
    /// <summary>The version created, with its files and variants.</summary>
    public RepositoryVersion? Version { get; init; }

    public RequestError? Error { get; init; }

    /// <summary>The digests not uploaded yet, or the dataset versions not found.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    public static VersionResult Invalid(RequestError error) => new(VersionOutcome.Invalid, error.Detail) { Error = error };
}
