using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Downloads;

/// <summary>Who may read a blob by digest: uploaders, and readers of any published version that contains it.</summary>
public static class BlobAccess
{
    public enum Visibility
    {
        Hidden,
        Private,
        Public,
    }

    public static async Task<Visibility> GetVisibilityAsync(ModelHubDbContext db, Caller caller, string digest, CancellationToken cancellationToken)
    {
        var holders = await db.Files.AsNoTracking()
            .Where(f => f.Digest == digest && f.Version.State == VersionState.Published)
            .Select(f => new { f.Version.Repository.IsPrivate, Owner = f.Version.Repository.Owner.Name })
            .Distinct().OrderBy(h => h.IsPrivate).Take(64).ToListAsync(cancellationToken);
        if (holders.Any(h => !h.IsPrivate))
        {
            return Visibility.Public;
        }

        return holders.Any(h => caller.CanRead(h.Owner)) || caller.CanUpload ? Visibility.Private : Visibility.Hidden;
    }
}
