using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;
using ModelHub.Server.Auth;
using ModelHub.Server.Downloads;
using ModelHub.Server.Http;

namespace ModelHub.Server.Manifests;

public static class ManifestEndpoints
{
    public const string KeyPath = "/.well-known/modelhub-manifest-key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapManifestEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/models/{owner}/{name}/manifest", GetManifestAsync).WithTags("Manifests").WithName("GetManifest")
            .WithSummary("The tier of a model for this device, with immutable file URLs, fallbacks and the reason (signed).")
            .Produces<Manifest>().Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return routes;
    }

    public static async Task<IResult> GetManifestAsync(
        string owner, string name, HttpContext http, ManifestCache cache, ManifestSigner signer, DownloadCounters counters,
        IOptions<ManifestOptions> options, TimeProvider clock, CancellationToken cancellationToken,
        string? channel = null, string? version = null)
    {
        var (device, error) = DeviceHints.Parse(http.Request);
        if (device is null)
        {
            return Problems.BadRequest(ErrorCodes.InvalidDevice, error!);
        }

        var repository = await cache.GetRepositoryAsync(owner, name, cancellationToken);
        if (repository is null || !Caller.From(http.User).CanSee(repository.IsPrivate, owner))
        {
            return Problems.RepositoryNotFound("models", owner, name);
        }

        var resolved = ManifestResolver.Resolve(repository, channel, version, device.ClientId);
        if (resolved.Outcome != ManifestResolver.Outcome.Found)
        {
            return resolved.ToProblem(owner, name, version);
        }

        var question = new ManifestRequest(
            $"{owner}/{name}", version is null ? channel ?? Channel.Stable : null, version, DeviceHints.Describe(device));
        var (signed, unfit) = await SignedManifestAsync(
            question, repository, resolved, device, cache, signer, options.Value, clock, cancellationToken);
        if (signed is null)
        {
            return NoTierFits(unfit!);
        }

        counters.CountLookup(resolved.VersionId, signed.ChosenVariant);
        return Answer(http, signed, repository.IsPrivate) ?? TypedResults.Bytes(signed.Body, "application/json");
    }

    /// <summary>The 422 naming every tier the device cannot run and why.</summary>
    private static IResult NoTierFits(SelectionResult unfit) =>
        Problems.Unprocessable(ErrorCodes.NoTierFits, unfit.Reason, new Dictionary<string, object?>
        {
            ["excluded"] = unfit.Excluded.Select(e => new ManifestExclusion(e.Variant, e.Reason)).ToList(),
        });

    /// <summary>Sets the manifest's headers; the 304 to answer when the client holds it already, else null.</summary>
    private static IResult? Answer(HttpContext http, ManifestCache.SignedManifest signed, bool isPrivate)
    {
        var headers = http.Response.Headers;
        headers.ETag = signed.ETag;
        // The manifest moves with its channel: caches may keep it a minute, keyed on every hint that shaped it.
        headers.CacheControl = isPrivate ? "private, max-age=60" : "public, max-age=60";
        headers.Vary = DeviceHints.Vary;
        headers["Accept-CH"] = DeviceHints.AcceptClientHints;
        if (EntityTags.IfNoneMatch(http.Request.Headers.IfNoneMatch, signed.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        headers[ApiHeaders.Signature] = signed.Signature;
        return null;
    }

    /// <summary>
    /// The signed manifest answering <paramref name="question"/> for this version, channel state and rules, from the cache
    /// or built and signed once; or the selection that found no tier for the device.
    /// </summary>
    private static async Task<(ManifestCache.SignedManifest? Signed, SelectionResult? Unfit)> SignedManifestAsync(
        ManifestRequest question, ManifestCache.RepositorySnapshot repository, ManifestResolver.Resolved resolved, DeviceProfile device,
        ManifestCache cache, ManifestSigner signer, ManifestOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        // What decides the answer: the version and how it was reached, the rules, and the device as described (its client
        // id only chose the rollout side, which resolved holds). Whatever the client sent, the same question is one key.
        var key = string.Join('|', resolved.VersionId, resolved.Channel, resolved.Rollout, resolved.Note, repository.RulesStamp,
            repository.EvaluationsStamp, question.Repository, question.Channel, question.Version, question.Device);
        if (cache.TryGetManifest(key, out var signed))
        {
            return (signed, null);
        }

        var snapshot = await cache.GetVersionAsync(resolved.VersionId, repository.EvaluationsStamp, cancellationToken);
        var selection = TierSelector.Select(device, snapshot.Tiers.Select(t => t.Candidate).ToList(), repository.Rules);
        if (selection.Chosen is null)
        {
            return (null, selection);
        }

        var now = clock.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var manifest = ManifestBuilder.Build(question.Repository, snapshot, resolved, device, selection) with
        {
            Request = question,
            IssuedAt = now,
            ExpiresAt = now + options.Validity,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
        signed = new ManifestCache.SignedManifest(body, etag, await signer.SignAsync(body, cancellationToken), selection.Chosen.Name,
            now + (options.Validity / 2));
        cache.SetManifest(key, signed);
        return (signed, null);
    }

    private static ProblemHttpResult ToProblem(this ManifestResolver.Resolved resolved, string owner, string name, string? version) =>
        resolved.Outcome switch
        {
            ManifestResolver.Outcome.VersionNotFound =>
                Problems.NotFound(ErrorCodes.VersionNotFound, $"No published version {version} of {owner}/{name}."),
            ManifestResolver.Outcome.ChannelNotFound => Problems.ChannelNotFound(owner, name, resolved.Channel!),
            _ => throw new UnreachableException($"A manifest whose version was {resolved.Outcome} is not a problem."),
        };
}
