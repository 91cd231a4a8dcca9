using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Blobs;

/// <summary>Who may read a blob by digest: uploaders, and readers of any published version that contains it.</summary>
public static class BlobAccess
{
    public enum Visibility
    {
        Hidden,
        Private,
        Public,
    }

    public static async Task<Visibility> GetVisibilityAsync(ModelHubDbContext db, Caller caller, string digest,
        CancellationToken cancellationToken)
    {
        // Which kinds of repository (public, private) the caller sees the blob in.
        var seenIn = await db.Files.AsNoTracking()
            .Where(f => f.Digest == digest && f.Version.State == VersionState.Published)
            .Select(f => f.Version.Repository).ReadableBy(caller)
            .Select(r => r.IsPrivate).Distinct().ToListAsync(cancellationToken);
        if (seenIn.Contains(false))
        {
            return Visibility.Public;
        }

        return seenIn.Count > 0 || caller.CanUpload ? Visibility.Private : Visibility.Hidden;
    }
}
