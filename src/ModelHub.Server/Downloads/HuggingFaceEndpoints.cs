using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Blobs;
using ModelHub.Server.Http;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Downloads;

/// <summary>
/// Routes shaped like the Hugging Face Hub's, so existing clients (transformers.js, huggingface_hub) can use ModelHub
/// as their host: <c>/{owner}/{name}/resolve/{revision}/{path}</c> and <c>/api/models/{owner}/{name}</c>.
/// </summary>
public static class HuggingFaceEndpoints
{
    public sealed record Sibling(string Rfilename, long Size, string BlobId);

    public sealed record HubModelInfo(string Id, string ModelId, string Sha, DateTimeOffset LastModified, bool Private,
        IReadOnlyList<string> Tags, IReadOnlyList<Sibling> Siblings);

    public static IEndpointRouteBuilder MapHuggingFaceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Hugging Face compatibility");
        foreach (var (prefix, kind) in new[] { ("", RepositoryKind.Model), ("/datasets", RepositoryKind.Dataset) })
        {
            var label = kind == RepositoryKind.Model ? "Model" : "Dataset";
            group.MapMethods($"{prefix}/{{owner}}/{{name}}/resolve/{{revision}}/{{**path}}", [HttpMethods.Get, HttpMethods.Head],
                    (string owner, string name, string revision, string path, HttpContext http, ModelHubDbContext db,
                        DownloadCounters counters, CancellationToken ct) =>
                        ResolveAsync(kind, owner, name, revision, path, http, db, counters, ct))
                .WithName($"Resolve{label}File")
                .WithSummary("Download a file by revision (version, channel, or main = stable), Hugging Face style.");
            var api = kind == RepositoryKind.Model ? "/api/models" : "/api/datasets";
            group.MapGet($"{api}/{{owner}}/{{name}}",
                    (string owner, string name, HttpContext http, ModelHubDbContext db, CancellationToken ct) =>
                        InfoAsync(kind, owner, name, RevisionResolver.Main, http, db, ct))
                .WithName($"Hub{label}Info").WithSummary("Repository info with sha and siblings, Hugging Face style.");
            group.MapGet($"{api}/{{owner}}/{{name}}/revision/{{revision}}",
                    (string owner, string name, string revision, HttpContext http, ModelHubDbContext db, CancellationToken ct) =>
                        InfoAsync(kind, owner, name, revision, http, db, ct))
                .WithName($"Hub{label}InfoAtRevision").WithSummary("Repository info at a revision, Hugging Face style.");
        }

        return routes;
    }

    public static async Task<Results<BlobResult, ProblemHttpResult>> ResolveAsync(
        RepositoryKind kind, string owner, string name, string revision, string path, HttpContext http, ModelHubDbContext db,
        DownloadCounters counters, CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(kind, owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return Problems.RepositoryNotFound(kind.Segment(), owner, name);
        }

        revision = Uri.UnescapeDataString(revision);
        var version = await RevisionResolver.ResolveAsync(db, repository.Id, revision, cancellationToken);
        var file = version?.Files.SingleOrDefault(f => f.Path == path);
        if (version is null || file is null || !Sha256Digest.TryParse(file.Digest, out var digest))
        {
            return Problems.NotFound(ErrorCodes.FileNotFound, $"No file '{path}' at revision '{revision}' of {owner}/{name}.");
        }

        // The headers huggingface_hub and transformers.js read: the commit (our version), and the linked (LFS) etag and size.
        var headers = http.Response.Headers;
        headers[ApiHeaders.RepoCommit] = version.Name;
        headers[ApiHeaders.LinkedEtag] = $"\"{digest.Hex}\"";
        headers[ApiHeaders.LinkedSize] = file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        counters.CountDownload(http, version, path);
        return new BlobResult(digest, file.Size, file.ContentType, DownloadEndpoints.VersionPathCacheControl(repository.IsPrivate));
    }

    public static async Task<Results<Ok<HubModelInfo>, ProblemHttpResult>> InfoAsync(
        RepositoryKind kind, string owner, string name, string revision, HttpContext http, ModelHubDbContext db,
        CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(kind, owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return Problems.RepositoryNotFound(kind.Segment(), owner, name);
        }

        var version = await RevisionResolver.ResolveAsync(db, repository.Id, Uri.UnescapeDataString(revision), cancellationToken);
        if (version is null)
        {
            return Problems.NotFound(ErrorCodes.VersionNotFound, $"No published revision '{revision}' of {owner}/{name}.");
        }

        var siblings = version.Files.OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => new Sibling(f.Path, f.Size, f.Digest[(Sha256Digest.Prefix.Length)..])).ToList();
        var id = $"{owner}/{name}";
        return TypedResults.Ok(new HubModelInfo(id, id, version.Name, version.PublishedAt ?? version.CreatedAt, repository.IsPrivate,
            repository.Tags, siblings));
    }
}
