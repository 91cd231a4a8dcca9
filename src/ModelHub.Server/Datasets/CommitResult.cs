using ModelHub.Datasets.Errors;
using ModelHub.Server.Outcomes;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Datasets;

/// <summary>
/// What a commit did: the version created, or why nothing was stored: a malformed request (<see cref="ServiceResult{T}.Error"/>),
/// an edit the engine refused (<see cref="Refusal"/>), or the publisher's own outcome (<see cref="VersionResult"/>).
/// </summary>
public sealed record CommitResult(CommitOutcome Outcome, string Detail = "", VersionResult? VersionResult = null,
    DatasetException? Refusal = null, IReadOnlyList<string>? Missing = null, RequestError? Error = null)
    : ServiceResult<CommitOutcome>(Outcome, Detail, Error);
