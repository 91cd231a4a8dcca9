using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Versions;

/// <summary>
/// Both sides of lineage, for the API and the catalog alike: the dataset versions a model version names, and the model
/// versions that name a dataset version. A side the caller may not see is left out, as if the link did not exist.
/// </summary>
public static class Lineage
{
    public static Task<List<LineageEntry>> DatasetsOfAsync(this ModelHubDbContext db, long versionId, Caller caller,
        CancellationToken cancellationToken) =>
        Visible(db, db.VersionLinks.Where(l => l.VersionId == versionId).Select(l => l.DatasetVersion), caller)
            .ToListAsync(cancellationToken);

    public static Task<List<LineageEntry>> UsedByAsync(this ModelHubDbContext db, long datasetVersionId, Caller caller,
        CancellationToken cancellationToken) =>
        Visible(db, db.VersionLinks.Where(l => l.DatasetVersionId == datasetVersionId).Select(l => l.Version), caller)
            .ToListAsync(cancellationToken);

    private static IQueryable<LineageEntry> Visible(ModelHubDbContext db, IQueryable<RepositoryVersion> versions, Caller caller)
    {
        var readable = db.Repositories.ReadableBy(caller).Select(r => r.Id);
        return versions.Where(v => readable.Contains(v.RepositoryId))
            .Select(v => new LineageEntry(v.Repository.Kind, v.Repository.Owner.Name, v.Repository.Name, v.Name));
    }
}
