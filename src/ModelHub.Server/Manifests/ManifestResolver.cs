using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Selection;
using ModelHub.Server.Channels;
using ModelHub.Server.Infrastructure;

namespace ModelHub.Server.Manifests;

/// <summary>Which published version a request means: an explicit version, or a channel (with its staged rollout).</summary>
public static class ManifestResolver
{
    public sealed record Resolved(long VersionId, string? Channel, ManifestRollout? Rollout, ProblemHttpResult? Problem);

    public static Resolved Resolve(ManifestCache.RepositorySnapshot repository, string owner, string name, string? channel, string? version, string? clientId)
    {
        if (version is not null)
        {
            return repository.PublishedVersions.TryGetValue(version, out var id)
                ? new Resolved(id, null, null, null)
                : Fail(Problems.NotFound(ErrorCodes.VersionNotFound, $"No published version {version} of {owner}/{name}."));
        }

        channel ??= ManifestEndpoints.DefaultChannel;
        if (!repository.Channels.TryGetValue(channel, out var pointer))
        {
            return Fail(ChannelEndpoints.ChannelNotFound(owner, name, channel));
        }

        if (pointer is { RolloutVersionId: { } next, RolloutVersionName: { } nextName, RolloutPercent: > 0 })
        {
            var included = Rollout.Includes($"{repository.Id}:{channel}", clientId, pointer.RolloutPercent);
            return new Resolved(included ? next : pointer.VersionId, channel, new ManifestRollout(nextName, pointer.RolloutPercent, included), null);
        }

        return new Resolved(pointer.VersionId, channel, null, null);
    }

    private static Resolved Fail(ProblemHttpResult problem) => new(0, null, null, problem);
}
