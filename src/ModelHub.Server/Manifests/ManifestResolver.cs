using ModelHub.Core.Entities;
using ModelHub.Core.Selection;

namespace ModelHub.Server.Manifests;

/// <summary>Which published version a request means: an explicit version, or a channel (with its staged rollout).</summary>
public static class ManifestResolver
{
    public enum Outcome
    {
        Found,
        VersionNotFound,
        ChannelNotFound,
    }

    /// <summary>The version meant (when <see cref="Outcome.Found"/>), and the channel and rollout that led to it.</summary>
    public sealed record Resolved(Outcome Outcome, long VersionId = 0, string? Channel = null, ManifestRollout? Rollout = null);

    public static Resolved Resolve(ManifestCache.RepositorySnapshot repository, string? channel, string? version, string? clientId)
    {
        if (version is not null)
        {
            return repository.PublishedVersions.TryGetValue(version, out var id) ? new(Outcome.Found, id) : new(Outcome.VersionNotFound);
        }

        channel ??= Channel.Stable;
        if (!repository.Channels.TryGetValue(channel, out var pointer))
        {
            return new(Outcome.ChannelNotFound, Channel: channel);
        }

        if (pointer is { RolloutVersionId: { } next, RolloutVersionName: { } nextName, RolloutPercent: > 0 })
        {
            var included = Rollout.Includes($"{repository.Id}:{channel}", clientId, pointer.RolloutPercent);
            var rollout = new ManifestRollout(nextName, pointer.RolloutPercent, included);
            return new(Outcome.Found, included ? next : pointer.VersionId, channel, rollout);
        }

        return new(Outcome.Found, pointer.VersionId, channel);
    }
}
