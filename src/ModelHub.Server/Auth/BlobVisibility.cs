using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Auth;

/// <summary>
/// Who may read a blob by digest, and name it in a version. Digests are not secrets (manifests, pages, headers and logs
/// show them), so knowing one grants nothing: a blob is readable by callers who may see a published version that names
/// it (<see cref="RepositoryVisibility"/>), and by callers who sent its bytes (<see cref="BlobUpload"/>: uploaded it, or
/// proved they hold it by sending it again). The admin over every owner reads every blob.
/// </summary>
public static class BlobVisibility
{
    public enum Visibility
    {
        /// <summary>Answered as if the blob did not exist.</summary>
        Hidden,

        /// <summary>Readable by this caller, but in no public repository: caches must not share it.</summary>
        Private,

        /// <summary>In a published version of a public repository.</summary>
        Public,
    }

    /// <summary>How <paramref name="caller"/> sees the existing blob <paramref name="digest"/>.</summary>
    public static async Task<Visibility> GetAsync(ModelHubDbContext db, Caller caller, string digest, CancellationToken cancellationToken)
    {
        // Which kinds of repository (public, private) the caller sees the blob in.
        var seenIn = await PublishedFiles(db).Where(f => f.Digest == digest)
            .Select(f => f.Version.Repository).ReadableBy(caller)
            .Select(r => r.IsPrivate).Distinct().ToListAsync(cancellationToken);
        if (seenIn.Contains(false))
        {
            return Visibility.Public;
        }

        return seenIn.Count > 0 || caller.IsSuperAdmin || await UploadedByAsync(db, caller, [digest], cancellationToken) is { Count: > 0 }
            ? Visibility.Private
            : Visibility.Hidden;
    }

    /// <summary>
    /// Of the existing blobs <paramref name="digests"/>, those <paramref name="caller"/> may name in a version: the ones it
    /// can read. A version naming any other must wait for the caller to send the bytes (dedup stays: they are verified
    /// against the stored blob, not stored twice).
    /// </summary>
    public static async Task<HashSet<string>> NameableAsync(ModelHubDbContext db, Caller caller, IReadOnlyCollection<string> digests,
        CancellationToken cancellationToken)
    {
        if (caller.IsSuperAdmin)
        {
            return [.. digests];
        }

        var named = await PublishedFiles(db).Where(f => digests.Contains(f.Digest))
            .Where(f => db.Repositories.ReadableBy(caller).Any(r => r.Id == f.Version.RepositoryId))
            .Select(f => f.Digest).Distinct().ToListAsync(cancellationToken);
        return [.. named, .. await UploadedByAsync(db, caller, digests, cancellationToken)];
    }

    private static IQueryable<VersionFile> PublishedFiles(ModelHubDbContext db) =>
        db.Files.AsNoTracking().Where(f => f.Version.State == VersionState.Published);

    private static async Task<List<string>> UploadedByAsync(ModelHubDbContext db, Caller caller, IReadOnlyCollection<string> digests,
        CancellationToken cancellationToken)
    {
        if (caller.Subject is not { } subject)
        {
            return [];
        }

        return await db.BlobUploads.AsNoTracking().Where(u => u.UploadedBy == subject && digests.Contains(u.Digest))
            .Select(u => u.Digest).ToListAsync(cancellationToken);
    }
}
