using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Datasets;

/// <summary>Finds the thumbnail of an image file of a published version, made once by the thumbnail job.</summary>
public sealed class DatasetThumbnails(ModelHubDbContext db)
{
    public async Task<(Sha256Digest Digest, long Size)?> FindAsync(long repositoryId, string version, string path,
        CancellationToken cancellationToken)
    {
        var found = await (from f in db.Files
                           where f.Version.RepositoryId == repositoryId && f.Version.Name == version
                               && f.Version.State == VersionState.Published && f.Path == path
                           join d in db.DerivedBlobs on new { Source = f.Digest, Kind = DerivedKinds.Thumbnail }
                               equals new { Source = d.SourceDigest, d.Kind }
                           where d.Digest != null
                           select new { d.Digest, d.Size }).FirstOrDefaultAsync(cancellationToken);
        return found is not null && Sha256Digest.TryParse(found.Digest, out var digest) ? (digest, found.Size) : null;
    }
}
