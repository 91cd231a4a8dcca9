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

    /// <summary>
    /// Moves channel <paramref name="name"/> back: to <paramref name="to"/> when given (a version the channel pointed at
    /// before), else to the version it served before the current one (see <see cref="ChannelHistory"/>), so a second
    /// rollback goes further back instead of toggling between two versions.
    /// </summary>
    public async Task<ChannelResult> RollbackAsync(Repository repository, string name, string by, CancellationToken cancellationToken,
        string? to = null)
    {
        var events = await db.ChannelEvents.AsNoTracking()
            .Where(e => db.Channels.Any(c => c.Id == e.ChannelId && c.RepositoryId == repository.Id && c.Name == name))
            .OrderBy(e => e.Id).Select(e => e.ToVersion).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return new(ChannelOutcome.ChannelNotFound);
        }

        if (to is not null)
        {
            return events.Contains(to, StringComparer.Ordinal)
                ? await MoveAsync(repository, name, new MoveChannelRequest(to), by, cancellationToken)
                : new(ChannelOutcome.NotInHistory, $"Channel {name} never pointed at version '{to}': move it there instead.");
        }

        var served = ChannelHistory.Served(events);
        return served.Count < 2
            ? new(ChannelOutcome.NothingToRollBack, $"Channel {name} has no earlier version to roll back to.")
            : await MoveAsync(repository, name, new MoveChannelRequest(served[^2]), by, cancellationToken);
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
