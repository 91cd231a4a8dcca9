using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
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
/// as their host: <c>/{owner}/{name}/resolve/{revision}/{path}</c>, <c>/api/models/{owner}/{name}</c> and its
/// <c>tree</c> listing (and the same under <c>datasets</c>). Versions appear to them as commits (<see cref="VersionCommits"/>).
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
                        DownloadCounters counters, VersionCommits commits, CancellationToken ct) =>
                        ResolveAsync(kind, owner, name, revision, path, http, db, counters, commits, ct))
                .WithName($"Resolve{label}File")
                .WithSummary("Download a file by revision (version, channel, or main = stable), Hugging Face style.");
            var api = kind == RepositoryKind.Model ? "/api/models" : "/api/datasets";
            group.MapGet($"{api}/{{owner}}/{{name}}",
                    (string owner, string name, HttpContext http, ModelHubDbContext db, VersionCommits commits, CancellationToken ct) =>
                        InfoAsync(kind, owner, name, RevisionResolver.Main, http, db, commits, ct))
                .WithName($"Hub{label}Info").WithSummary("Repository info with sha and siblings, Hugging Face style.");
            group.MapGet($"{api}/{{owner}}/{{name}}/revision/{{revision}}",
                    (string owner, string name, string revision, HttpContext http, ModelHubDbContext db, VersionCommits commits,
                        CancellationToken ct) => InfoAsync(kind, owner, name, revision, http, db, commits, ct))
                .WithName($"Hub{label}InfoAtRevision").WithSummary("Repository info at a revision, Hugging Face style.");
            group.MapGet($"{api}/{{owner}}/{{name}}/tree/{{revision}}/{{**path}}",
                    (string owner, string name, string revision, string? path, HttpContext http, ModelHubDbContext db,
                        VersionCommits commits, CancellationToken ct, bool recursive = false, string? cursor = null,
                        int limit = HubTree.DefaultLimit) =>
                        TreeAsync(kind, owner, name, revision, path ?? "", recursive, cursor, limit, http, db, commits, ct))
                .WithName($"Hub{label}Tree")
                .WithSummary("The files and folders of a revision under a path, a page at a time (Link: next), Hugging Face style.");
        }

        return routes;
    }

    public static async Task<Results<BlobResult, ProblemHttpResult>> ResolveAsync(
        RepositoryKind kind, string owner, string name, string revision, string path, HttpContext http, ModelHubDbContext db,
        DownloadCounters counters, VersionCommits commits, CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(kind, owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return Problems.RepositoryNotFound(kind.Segment(), owner, name);
        }

        revision = Uri.UnescapeDataString(revision);
        var version = await RevisionResolver.ResolveAsync(db, repository.Id, revision, commits, cancellationToken);
        // The one file asked for, not the version's list: a version may hold thousands.
        var file = version is null ? null
            : await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.VersionId == version.Id && f.Path == path, cancellationToken);
        if (version is null || file is null || !Sha256Digest.TryParse(file.Digest, out var digest))
        {
            return Problems.NotFound(ErrorCodes.FileNotFound, $"No file '{path}' at revision '{revision}' of {owner}/{name}.");
        }

        // The headers huggingface_hub and transformers.js read: the commit, and the linked (LFS) etag and size.
        var headers = http.Response.Headers;
        headers[ApiHeaders.RepoCommit] = await commits.OfAsync(db, version.Id, cancellationToken);
        headers[ApiHeaders.LinkedEtag] = $"\"{digest.Hex}\"";
        headers[ApiHeaders.LinkedSize] = file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new BlobResult(digest, file.Size, file.ContentType, DownloadEndpoints.VersionPathCacheControl(repository.IsPrivate))
        {
            Completed = () => counters.CountTransfer(version, path),
        };
    }

    public static async Task<Results<Ok<HubModelInfo>, ProblemHttpResult>> InfoAsync(
        RepositoryKind kind, string owner, string name, string revision, HttpContext http, ModelHubDbContext db, VersionCommits commits,
        CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(kind, owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return Problems.RepositoryNotFound(kind.Segment(), owner, name);
        }

        var version = await RevisionResolver.ResolveAsync(db, repository.Id, Uri.UnescapeDataString(revision), commits, cancellationToken);
        if (version is null)
        {
            return Problems.NotFound(ErrorCodes.VersionNotFound, $"No published revision '{revision}' of {owner}/{name}.");
        }

        Share(http, repository);
        // Hugging Face clients download what siblings lists, so it is the whole list (the tree route pages it): read as
        // three columns, nothing else of the version.
        var files = await db.Files.AsNoTracking().Where(f => f.VersionId == version.Id)
            .Select(f => new { f.Path, f.Digest, f.Size }).ToListAsync(cancellationToken);
        var siblings = files.OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => new Sibling(f.Path, f.Size, f.Digest[(Sha256Digest.Prefix.Length)..])).ToList();
        var id = $"{owner}/{name}";
        var commit = commits.Of(version.Id, files.Select(f => (f.Path, f.Digest, f.Size)));
        return TypedResults.Ok(new HubModelInfo(id, id, commit, version.PublishedAt ?? version.CreatedAt,
            repository.IsPrivate, repository.Tags, siblings));
    }

    public static async Task<Results<Ok<List<HubTree.HubTreeEntry>>, ProblemHttpResult>> TreeAsync(
        RepositoryKind kind, string owner, string name, string revision, string path, bool recursive, string? cursor, int limit,
        HttpContext http, ModelHubDbContext db, VersionCommits commits, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > HubTree.MaxLimit || (cursor is not null && !HubTree.IsCursor(cursor)))
        {
            return Problems.BadRequest(ErrorCodes.InvalidPaging, $"limit must be 1 to {HubTree.MaxLimit}, and cursor one this route gave.");
        }

        var repository = await db.FindReadableAsync(kind, owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return Problems.RepositoryNotFound(kind.Segment(), owner, name);
        }

        revision = Uri.UnescapeDataString(revision);
        var version = await RevisionResolver.ResolveAsync(db, repository.Id, revision, commits, cancellationToken);
        if (version is null)
        {
            return Problems.NotFound(ErrorCodes.VersionNotFound, $"No published revision '{revision}' of {owner}/{name}.");
        }

        // Only the files below the folder (a prefix test in the database; HubTree checks it again, ordinally).
        var prefix = path.Length == 0 ? "" : path.TrimEnd('/') + "/";
        var below = await db.Files.AsNoTracking().Where(f => f.VersionId == version.Id && f.Path.StartsWith(prefix))
            .ToListAsync(cancellationToken);
        if (HubTree.List(below, path, recursive) is not { } entries)
        {
            return Problems.NotFound(ErrorCodes.FileNotFound, $"No folder '{path}' at revision '{revision}' of {owner}/{name}.");
        }

        Share(http, repository);
        var (page, next) = HubTree.Page(entries, cursor, limit);
        http.Response.Headers[ApiHeaders.RepoCommit] = await commits.OfAsync(db, version.Id, cancellationToken);
        if (next is not null)
        {
            LinkNext(http, recursive, limit, next);
        }

        return TypedResults.Ok(page);
    }

    /// <summary>The <c>Link: rel="next"</c> header to the listing's next page, as the Hub's clients follow it.</summary>
    private static void LinkNext(HttpContext http, bool recursive, int limit, string cursor)
    {
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["recursive"] = recursive ? "true" : "false",
            ["limit"] = $"{limit}",
            ["cursor"] = cursor,
        });
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{query}>; rel=\"next\"";
    }

    /// <summary>A private repository's listing is for the caller's own client only (neither shared caches nor other origins).</summary>
    private static void Share(HttpContext http, Repository repository) =>
        http.Response.Headers.CacheControl = repository.IsPrivate ? "private, no-cache" : "public, max-age=60";
}
