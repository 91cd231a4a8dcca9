using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;
using ModelHub.Server.Auth;
using ModelHub.Server.Downloads;
using ModelHub.Server.Infrastructure;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Manifests;

public static class ManifestEndpoints
{
    public const string SignatureHeader = "ModelHub-Signature";
    public const string KeyPath = "/.well-known/modelhub-manifest-key";
    public const string DefaultChannel = "stable";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapManifestEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/models/{owner}/{name}/manifest", GetManifestAsync).WithTags("Manifests").WithName("GetManifest")
            .WithSummary("The tier of a model for this device, with immutable file URLs, fallbacks and the reason (signed).")
            .Produces<Manifest>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        routes.MapGet(KeyPath, GetKeyAsync).WithTags("Manifests").WithName("GetManifestKey")
            .WithSummary("The Ed25519 public key that signs manifests.");
        return routes;
    }

    public static async Task<Ok<ManifestSigner.PublicKey>> GetKeyAsync(ManifestSigner signer, CancellationToken cancellationToken) =>
        TypedResults.Ok(await signer.GetPublicKeyAsync(cancellationToken));

    public static async Task<IResult> GetManifestAsync(
        string owner, string name, HttpContext http, ModelHubDbContext db, ManifestSigner signer, DownloadCounters counters,
        CancellationToken cancellationToken, string? channel = null, string? version = null)
    {
        var (device, error) = DeviceHints.Parse(http.Request);
        if (device is null)
        {
            return Problems.BadRequest(ErrorCodes.InvalidDevice, error!);
        }

        var repository = await db.FindReadableAsync(RepositoryKind.Model, owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound("models", owner, name);
        }

        var resolved = await ManifestResolver.ResolveAsync(db, repository, channel, version, device.ClientId, cancellationToken);
        if (resolved.Problem is { } problem)
        {
            return problem;
        }

        var tiers = ManifestBuilder.Tiers(resolved.Version!);
        var rules = repository.SelectionRules is null ? [] : JsonSerializer.Deserialize<List<SelectionRule>>(repository.SelectionRules, Json) ?? [];
        var selection = TierSelector.Select(device, tiers.Select(t => t.Candidate).ToList(), rules);
        if (selection.Chosen is null)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.NoTierFits, selection.Reason,
                new Dictionary<string, object?> { ["excluded"] = selection.Excluded.Select(e => new ManifestExclusion(e.Variant, e.Reason)).ToList() });
        }

        var manifest = ManifestBuilder.Build($"{owner}/{name}", resolved.Version!, resolved.Channel, resolved.Rollout, tiers, selection);
        var body = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
        var headers = http.Response.Headers;
        headers.ETag = etag;
        // The manifest moves with its channel: caches may keep it a minute, keyed on every hint that shaped it.
        headers.CacheControl = repository.IsPrivate ? "private, max-age=60" : "public, max-age=60";
        headers.Vary = DeviceHints.Vary;
        headers["Accept-CH"] = DeviceHints.AcceptClientHints;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(s => s.Trim()).Contains(etag)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        headers[SignatureHeader] = await signer.SignAsync(body, cancellationToken);
        counters.Count(resolved.Version!.Id, selection.Chosen.Name);
        return TypedResults.Bytes(body, "application/json");
    }
}
