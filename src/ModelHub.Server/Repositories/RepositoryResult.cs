using ModelHub.Core.Entities;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Repositories;

/// <summary>The repository created or updated (with its owner), or why the operation did nothing.</summary>
public sealed record RepositoryResult(
    RepositoryOutcome Outcome, string Detail = "", Repository? Repository = null, RequestError? Error = null)
    : ServiceResult<RepositoryOutcome>(Outcome, Detail, Error);
