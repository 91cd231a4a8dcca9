namespace ModelHub.Server.Repositories;

/// <summary>
/// A committed change to what repository <paramref name="RepositoryId"/> (<c>owner/name</c>) serves. <paramref name="JobsQueued"/>:
/// the change queued jobs for the job workers to claim, so they look for them now rather than at their next poll (a change
/// that queued none does not send every lane to the database).
/// </summary>
public sealed record RepositoryChange(long RepositoryId, string Owner, string Name, bool JobsQueued = false);
