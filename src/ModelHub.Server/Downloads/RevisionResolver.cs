using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Downloads;

/// <summary>
/// What a Hugging-Face-style revision means here: <c>main</c> is the <c>stable</c> channel (else the latest published
/// version, as for a manifest that names no channel), any other name is a published version, then a channel, then a
/// 40-hex commit id (<see cref="VersionCommits"/>). The version comes with its variants, not its files.
/// </summary>
public static class RevisionResolver
{
    public const string Main = "main";

    public static async Task<RepositoryVersion?> ResolveAsync(ModelHubDbContext db, long repositoryId, string revision,
        VersionCommits commits, CancellationToken cancellationToken)
    {
        // Files are not loaded: a version may hold thousands, and the routes read the one file or page they need.
        var published = db.Versions.AsNoTracking().Include(v => v.Variants)
            .Where(v => v.RepositoryId == repositoryId && v.State == VersionState.Published);
        if (revision == Main)
        {
            var stable = await db.Channels.AsNoTracking().Where(c => c.RepositoryId == repositoryId && c.Name == Channel.Stable)
                .Select(c => (long?)c.VersionId).SingleOrDefaultAsync(cancellationToken);
            return stable is { } id
                ? await published.SingleOrDefaultAsync(v => v.Id == id, cancellationToken)
                : await published.OrderByDescending(v => v.Id).FirstOrDefaultAsync(cancellationToken);
        }

        var found = await published.SingleOrDefaultAsync(v => v.Name == revision, cancellationToken)
            ?? await db.Channels.AsNoTracking().Where(c => c.RepositoryId == repositoryId && c.Name == revision)
                .Select(c => c.VersionId).SingleOrDefaultAsync(cancellationToken) switch
            {
                0 => null,
                var id => await published.SingleOrDefaultAsync(v => v.Id == id, cancellationToken),
            };
        if (found is null && VersionCommits.IsCommitId(revision)
            && await commits.FindAsync(db, repositoryId, revision, cancellationToken) is { } byCommit)
        {
            found = await published.SingleOrDefaultAsync(v => v.Id == byCommit, cancellationToken);
        }

        return found;
    }
}
