using ModelHub.Core.Entities;

namespace ModelHub.Server.Versions;

/// <summary>
/// What another feature adds to a new version before it is stored, in the same save (a dataset version's tables and
/// their indexing jobs): the publisher calls every registered one, so it needs to know none of them.
/// </summary>
public interface IVersionPreparer
{
    /// <summary>Adds to <paramref name="version"/> (not saved yet, files set) of <paramref name="repository"/>.</summary>
    Task PrepareAsync(Repository repository, RepositoryVersion version, DateTimeOffset now, CancellationToken cancellationToken);
}
