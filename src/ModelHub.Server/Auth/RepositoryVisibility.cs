using ModelHub.Core.Entities;

namespace ModelHub.Server.Auth;

/// <summary>
/// Who may see a repository, decided here and nowhere else: everyone sees public repositories; a private one is seen
/// by tokens holding any scope over its owner, and is otherwise answered as if it did not exist. The rule has two
/// forms, one for rows already loaded and one that the database evaluates; their unit tests hold them to each other.
/// </summary>
public static class RepositoryVisibility
{
    public static bool CanSee(this Caller caller, Repository repository) => caller.CanSee(repository.IsPrivate, repository.Owner.Name);

    public static bool CanSee(this Caller caller, bool isPrivate, string owner) => !isPrivate || caller.CanRead(owner);

    /// <summary>The repositories of <paramref name="query"/> that <paramref name="caller"/> may see.</summary>
    public static IQueryable<Repository> ReadableBy(this IQueryable<Repository> query, Caller caller)
    {
        if (caller.Scopes.Count == 0)
        {
            return query.Where(r => !r.IsPrivate);
        }

        if (caller.Owners.Contains(Scopes.AllOwners))
        {
            return query;
        }

        var owners = caller.Owners.ToList();
        return query.Where(r => !r.IsPrivate || owners.Contains(r.Owner.Name));
    }
}
