using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Server.Auth;
using ModelHub.Server.Http;

namespace ModelHub.Server.Manifests;

/// <summary>The keys that sign manifests: published at a well-known path, rotated by an admin over every owner.</summary>
public static class SigningKeyEndpoints
{
    public static IEndpointRouteBuilder MapSigningKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ManifestEndpoints.KeyPath, GetKeysAsync).WithTags("Manifests").WithName("GetManifestKey")
            .WithSummary("The Ed25519 public keys that sign manifests: the current one, and the previous ones by id.");
        routes.MapPost("/v1/signing-keys/rotate", RotateAsync).WithTags("Manifests").WithName("RotateManifestKey")
            .WithSummary("Make a new key sign manifests; the old one stays published as previous (admin over every owner).");
        return routes;
    }

    public static async Task<Ok<PublicKey>> GetKeysAsync(ManifestSigner signer, CancellationToken cancellationToken) =>
        TypedResults.Ok(await signer.GetPublicKeysAsync(cancellationToken));

    public static async Task<Results<Ok<PublicKey>, ProblemHttpResult>> RotateAsync(
        HttpContext http, ManifestSigner signer, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.IsAuthenticated)
        {
            return Problems.Unauthorized();
        }

        if (!caller.IsSuperAdmin)
        {
            return Problems.Forbidden("Rotating the manifest key needs the admin scope over every owner ('*').");
        }

        return await signer.RotateAsync(cancellationToken) is { } keys
            ? TypedResults.Ok(keys)
            : Problems.Conflict(ErrorCodes.SigningKeysConfigured,
                $"The manifest keys come from configuration ({SigningOptions.Section}:PrivateKey): rotate them there.");
    }
}
