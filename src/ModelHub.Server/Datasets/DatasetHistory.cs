using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Datasets;
using ModelHub.Core.Data;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Datasets;

/// <summary>A dataset's history: the chain of commits from a version back through its parents, newest first.</summary>
public sealed class DatasetHistory(ModelHubDbContext db)
{
    public const int MaxLength = 500;

    /// <summary>The chain from <paramref name="from"/> (default: the newest version), or null when there is no such version.</summary>
    public async Task<List<CommitInfo>?> ChainAsync(long repositoryId, string? from, int limit, CancellationToken cancellationToken)
    {
        // A repository's versions are few enough to walk in memory: one query, whatever the length of the chain.
        var versions = await db.Versions.AsNoTracking().Where(v => v.RepositoryId == repositoryId).OrderByDescending(v => v.Id)
            .Select(v => new { v.Id, v.Name, v.ParentId, v.State, v.CreatedBy, v.CreatedAt, v.Notes, v.CommitSummary })
            .ToListAsync(cancellationToken);
        var byId = versions.ToDictionary(v => v.Id);
        var current = from is null ? versions.FirstOrDefault() : versions.FirstOrDefault(v => v.Name == from);
        if (current is null)
        {
            return from is null ? [] : null;
        }

        var chain = new List<CommitInfo>();
        while (current is not null && chain.Count < limit)
        {
            var summary = VersionTables.ReadCommit(current.CommitSummary);
            chain.Add(new CommitInfo(current.Name, summary?.Parent, current.State.StateName(), current.CreatedBy, current.CreatedAt,
                current.Notes, summary));
            current = current.ParentId is { } parent ? byId.GetValueOrDefault(parent) : null;
        }

        return chain;
    }
}
