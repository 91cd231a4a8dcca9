using ModelHub.Core.Entities;
using ModelHub.Core.Selection;

namespace ModelHub.Server.Manifests;

/// <summary>
/// Which published version a request means: an explicit version, or a channel (with its staged rollout). Without a
/// <c>stable</c> channel, the default channel means the latest published version, as Hugging Face's <c>main</c> does
/// here (<see cref="Downloads.RevisionResolver"/>); the manifest's <c>reason</c> says so.
/// </summary>
public static class ManifestResolver
{
    public enum Outcome
    {
        Found,
        VersionNotFound,
        ChannelNotFound,
    }

    /// <summary>
    /// The version meant (when <see cref="Outcome.Found"/>), the channel and rollout that led to it (the channel is null
    /// when no channel did), and a note for the reason when the version was a fallback.
    /// </summary>
    public sealed record Resolved(
        Outcome Outcome, long VersionId = 0, string? Channel = null, ManifestRollout? Rollout = null, string? Note = null);

    public static Resolved Resolve(ManifestCache.RepositorySnapshot repository, string? channel, string? version, string? clientId)
    {
        if (version is not null)
        {
            return repository.PublishedVersions.TryGetValue(version, out var id) ? new(Outcome.Found, id) : new(Outcome.VersionNotFound);
        }

        channel ??= Channel.Stable;
        if (!repository.Channels.TryGetValue(channel, out var pointer))
        {
            if (channel == Channel.Stable && repository.PublishedVersions.Count > 0)
            {
                var latest = repository.PublishedVersions.MaxBy(v => v.Value);
                return new(Outcome.Found, latest.Value,
                    Note: $"no {Channel.Stable} channel, so the latest published version ({latest.Key})");
            }

            return new(Outcome.ChannelNotFound, Channel: channel);
        }

        if (pointer is { RolloutVersionId: { } next, RolloutVersionName: { } nextName, RolloutPercent: > 0 })
        {
            var included = Rollout.Includes(Rollout.Key(repository.Id, channel, next), clientId, pointer.RolloutPercent);
            var rollout = new ManifestRollout(nextName, pointer.RolloutPercent, included);
            return new(Outcome.Found, included ? next : pointer.VersionId, channel, rollout);
        }

        return new(Outcome.Found, pointer.VersionId, channel);
    }
}
