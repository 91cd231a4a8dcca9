using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Infrastructure;

namespace ModelHub.Server.Channels;

/// <summary>Moves channels, recording every move; a channel only ever points at published versions.</summary>
public sealed class ChannelMover(ModelHubDbContext db, TimeProvider clock, Manifests.ManifestCache cache)
{
    public sealed record Result(Channel? Channel, ProblemHttpResult? Problem);

    public async Task<Result> MoveAsync(long repositoryId, string name, MoveChannelRequest request, string by, CancellationToken cancellationToken)
    {
        if (request.RolloutPercent is < 0 or > 100 || (request.RolloutVersion is null) != (request.RolloutPercent is null))
        {
            return new(null, Problems.BadRequest(ErrorCodes.InvalidField, "A rollout needs both rolloutVersion and rolloutPercent (0 to 100)."));
        }

        var target = await PublishedAsync(repositoryId, request.Version, cancellationToken);
        if (target.Problem is not null)
        {
            return new(null, target.Problem);
        }

        RepositoryVersion? rollout = null;
        if (request.RolloutVersion is not null)
        {
            var found = await PublishedAsync(repositoryId, request.RolloutVersion, cancellationToken);
            if (found.Problem is not null)
            {
                return new(null, found.Problem);
            }

            rollout = found.Version;
        }

        var now = clock.GetUtcNow();
        var channel = await db.Channels.Include(c => c.Version).Include(c => c.RolloutVersion)
            .SingleOrDefaultAsync(c => c.RepositoryId == repositoryId && c.Name == name, cancellationToken);
        var from = channel?.Version.Name;
        if (channel is null)
        {
            channel = new Channel { RepositoryId = repositoryId, Name = name, UpdatedBy = by };
            db.Channels.Add(channel);
        }

        channel.Version = target.Version!;
        channel.RolloutVersion = rollout;
        channel.RolloutPercent = request.RolloutPercent ?? 0;
        channel.UpdatedBy = by;
        channel.UpdatedAt = now;
        channel.History.Add(new ChannelEvent
        {
            FromVersion = from,
            ToVersion = target.Version!.Name,
            RolloutVersion = rollout?.Name,
            RolloutPercent = channel.RolloutPercent,
            By = by,
            At = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            return new(null, Problems.Conflict("channel_conflict", $"Channel {name} was created concurrently; retry the move."));
        }

        cache.Invalidate(repositoryId);
        return new(channel, null);
    }

    private async Task<(RepositoryVersion? Version, ProblemHttpResult? Problem)> PublishedAsync(long repositoryId, string? name, CancellationToken cancellationToken)
    {
        var version = name is null ? null : await db.Versions.SingleOrDefaultAsync(v => v.RepositoryId == repositoryId && v.Name == name, cancellationToken);
        if (version is null)
        {
            return (null, Problems.NotFound(ErrorCodes.VersionNotFound, $"No version '{name}' to point the channel at."));
        }

        return version.State == VersionState.Published
            ? (version, null)
            : (null, Problems.Conflict(ErrorCodes.VersionNotPublished, $"Version {name} is {version.State.ToString().ToLowerInvariant()}: channels point only at published versions."));
    }
}
