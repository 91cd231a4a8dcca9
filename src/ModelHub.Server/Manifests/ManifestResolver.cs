using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;
using ModelHub.Server.Channels;
using ModelHub.Server.Infrastructure;

namespace ModelHub.Server.Manifests;

/// <summary>Which published version a request means: an explicit version, or a channel (with its staged rollout).</summary>
public static class ManifestResolver
{
    public sealed record Resolved(RepositoryVersion? Version, string? Channel, ManifestRollout? Rollout, ProblemHttpResult? Problem);

    public static async Task<Resolved> ResolveAsync(ModelHubDbContext db, Repository repository, string? channel, string? version, string? clientId, CancellationToken cancellationToken)
    {
        long versionId;
        ManifestRollout? rollout = null;
        if (version is not null)
        {
            var found = await db.Versions.AsNoTracking().Where(v => v.RepositoryId == repository.Id && v.Name == version)
                .Select(v => new { v.Id, v.State }).SingleOrDefaultAsync(cancellationToken);
            if (found is null || found.State != VersionState.Published)
            {
                return Fail(Problems.NotFound(ErrorCodes.VersionNotFound, $"No published version {version} of {repository.Owner.Name}/{repository.Name}."));
            }

            versionId = found.Id;
            channel = null;
        }
        else
        {
            channel ??= ManifestEndpoints.DefaultChannel;
            var pointer = await db.Channels.AsNoTracking().Include(c => c.RolloutVersion)
                .SingleOrDefaultAsync(c => c.RepositoryId == repository.Id && c.Name == channel, cancellationToken);
            if (pointer is null)
            {
                return Fail(ChannelEndpoints.ChannelNotFound(repository.Owner.Name, repository.Name, channel));
            }

            versionId = pointer.VersionId;
            if (pointer.RolloutVersion is { } next && pointer.RolloutPercent > 0)
            {
                var included = Rollout.Includes($"{repository.Id}:{channel}", clientId, pointer.RolloutPercent);
                rollout = new ManifestRollout(next.Name, pointer.RolloutPercent, included);
                versionId = included ? next.Id : versionId;
            }
        }

        var loaded = await db.Versions.AsNoTracking().AsSplitQuery().Include(v => v.Files).Include(v => v.Variants)
            .SingleAsync(v => v.Id == versionId, cancellationToken);
        return new Resolved(loaded, channel, rollout, null);
    }

    private static Resolved Fail(ProblemHttpResult problem) => new(null, null, null, problem);
}
