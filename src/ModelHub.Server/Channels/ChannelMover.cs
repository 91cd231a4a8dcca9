using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Naming;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Channels;

/// <summary>Moves channels, recording every move; a channel only ever points at published versions.</summary>
public sealed class ChannelMover(ModelHubDbContext db, TimeProvider clock, IRepositoryChanges changes)
{
    /// <summary>Creates channel <paramref name="name"/> of <paramref name="repository"/> or moves it as the request says.</summary>
    public async Task<ChannelResult> MoveAsync(Repository repository, string name, MoveChannelRequest request, string by,
        CancellationToken cancellationToken)
    {
        if (!Names.IsValidVersion(name))
        {
            return new(ChannelOutcome.Invalid, Error: new(ErrorCodes.InvalidName, $"Channel names must match {Names.Pattern}."));
        }

        if (request.RolloutPercent is < 0 or > 100 || (request.RolloutVersion is null) != (request.RolloutPercent is null))
        {
            return new(ChannelOutcome.Invalid,
                Error: new(ErrorCodes.InvalidField, "A rollout needs both rolloutVersion and rolloutPercent (0 to 100)."));
        }

        var (target, unusable) = await PublishedAsync(repository.Id, request.Version, cancellationToken);
        if (unusable is not null)
        {
            return unusable;
        }

        RepositoryVersion? rollout = null;
        if (request.RolloutVersion is not null)
        {
            (rollout, unusable) = await PublishedAsync(repository.Id, request.RolloutVersion, cancellationToken);
            if (unusable is not null)
            {
                return unusable;
            }
        }

        var now = clock.GetUtcNow();
        var channel = await db.Channels.Include(c => c.Version).Include(c => c.RolloutVersion)
            .SingleOrDefaultAsync(c => c.RepositoryId == repository.Id && c.Name == name, cancellationToken);
        var from = channel?.Version.Name;
        if (channel is null)
        {
            channel = new Channel { RepositoryId = repository.Id, Name = name, UpdatedBy = by };
            db.Channels.Add(channel);
        }

        channel.Version = target!;
        channel.RolloutVersion = rollout;
        channel.RolloutPercent = request.RolloutPercent ?? 0;
        channel.UpdatedBy = by;
        channel.UpdatedAt = now;
        channel.History.Add(new ChannelEvent
        {
            FromVersion = from,
            ToVersion = target!.Name,
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
            return new(ChannelOutcome.Conflict, $"Channel {name} was created concurrently; retry the move.");
        }

        changes.Changed(new(repository.Id, repository.Owner.Name, repository.Name));
        return new(ChannelOutcome.Moved, Channel: channel);
    }

    /// <summary>Moves channel <paramref name="name"/> back to the version it pointed at before its last move.</summary>
    public async Task<ChannelResult> RollbackAsync(Repository repository, string name, string by, CancellationToken cancellationToken)
    {
        var last = await db.ChannelEvents.AsNoTracking()
            .Where(e => db.Channels.Any(c => c.Id == e.ChannelId && c.RepositoryId == repository.Id && c.Name == name))
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(cancellationToken);
        if (last is null)
        {
            return new(ChannelOutcome.ChannelNotFound);
        }

        return last.FromVersion is null
            ? new(ChannelOutcome.NothingToRollBack, $"Channel {name} has never moved: there is nothing to roll back to.")
            : await MoveAsync(repository, name, new MoveChannelRequest(last.FromVersion), by, cancellationToken);
    }

    private async Task<(RepositoryVersion? Version, ChannelResult? Unusable)> PublishedAsync(long repositoryId, string? name,
        CancellationToken cancellationToken)
    {
        var version = name is null
            ? null
            : await db.Versions.SingleOrDefaultAsync(v => v.RepositoryId == repositoryId && v.Name == name, cancellationToken);
        if (version is null)
        {
            return (null, new(ChannelOutcome.VersionNotFound, $"No version '{name}' to point the channel at."));
        }

        return version.State == VersionState.Published
            ? (version, null)
            : (null, new(ChannelOutcome.VersionNotPublished,
                $"Version {name} is {version.State.ToString().ToLowerInvariant()}: channels point only at published versions."));
    }
}
