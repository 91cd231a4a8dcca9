namespace ModelHub.Server.Repositories;

/// <summary>A committed change to what repository <paramref name="RepositoryId"/> (<c>owner/name</c>) serves.</summary>
public sealed record RepositoryChange(long RepositoryId, string Owner, string Name);
