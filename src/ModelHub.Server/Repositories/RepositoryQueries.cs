using ModelHub.Core.Entities;

namespace ModelHub.Server.Repositories;

/// <summary>Query pieces the API and the web catalog share, so a search means the same in both.</summary>
public static class RepositoryQueries
{
    /// <summary>Repositories whose <c>owner/name</c> or description contains <paramref name="text"/>, ignoring case.</summary>
    public static IQueryable<Repository> Matching(this IQueryable<Repository> query, string text)
    {
        var term = text.Trim().ToLower();
        return query.Where(r => (r.Owner.Name + "/" + r.Name).ToLower().Contains(term)
            || (r.Description != null && r.Description.ToLower().Contains(term)));
    }

    /// <summary>The names of the published versions, newest first.</summary>
    public static IQueryable<string> LatestPublished(this IQueryable<RepositoryVersion> versions) =>
        versions.Where(v => v.State == VersionState.Published).OrderByDescending(v => v.Id).Select(v => v.Name);
}
