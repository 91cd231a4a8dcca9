using ModelHub.Core.Entities;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Versions;

/// <summary>
/// The version created (with its files and variants), or why the operation did nothing: with the digests not uploaded
/// yet, or the dataset versions not found, in <see cref="Missing"/>.
/// </summary>
public sealed record VersionResult(
    VersionOutcome Outcome, string Detail = "", RepositoryVersion? Version = null, IReadOnlyList<string>? Missing = null,
    RequestError? Error = null)
    : ServiceResult<VersionOutcome>(Outcome, Detail, Error);
