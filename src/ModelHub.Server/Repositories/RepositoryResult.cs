using ModelHub.Core.Entities;
using ModelHub.Server.Http;

namespace ModelHub.Server.Repositories;

/// <summary>What a repository operation did; <see cref="Detail"/> says why when it did nothing.</summary>
public sealed record RepositoryResult(RepositoryOutcome Outcome, string Detail = "")
{
    /// <summary>The repository created or updated, with its owner.</summary>
    public Repository? Repository { get; init; }

    public RequestError? Error { get; init; }

    public static RepositoryResult Invalid(RequestError error) => new(RepositoryOutcome.Invalid, error.Detail) { Error = error };
}
