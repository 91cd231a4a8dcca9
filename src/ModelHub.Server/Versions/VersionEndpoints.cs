using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Infrastructure;
using ModelHub.Server.Manifests;
using ModelHub.Server.Repositories;
using ModelHub.Server.Validation;

namespace ModelHub.Server.Versions;

public static class VersionEndpoints
{
    public static IEndpointRouteBuilder MapVersionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup($"/v1/{RepositoryKinds.RouteSegment}/{{owner}}/{{name}}/versions").WithTags("Versions");
        group.MapPost("", CreateAsync).WithName("CreateVersion")
            .WithSummary("Create a version from files already uploaded as blobs (409 lists missing digests).");
        group.MapGet("", ListAsync).WithName("ListVersions").WithSummary("List the versions of a repository, newest first.");
        group.MapGet("/{version}", GetAsync).WithName("GetVersion").WithSummary("Get a version with its files.");
        group.MapDelete("/{version}", DeleteAsync).WithName("DeleteVersion")
            .WithSummary("Delete (yank) a version; its tag becomes free and unreferenced blobs are collected later.");
        return routes;
    }

    public static async Task<Results<Created<VersionDetail>, Accepted<VersionDetail>, ProblemHttpResult>> CreateAsync(
        string kind, string owner, string name, CreateVersionRequest request, HttpContext http, ModelHubDbContext db, TimeProvider clock,
        ValidationSignal validation, ManifestCache cache, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, caller, tracking: true, cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound(kind, owner, name);
        }

        if (caller.RequireWrite(owner) is { } denied)
        {
            return denied;
        }

        if ((VersionRequestValidator.Validate(request) ?? VariantRules.Validate(request)) is { } invalid)
        {
            return invalid;
        }

        var files = request.Files!.Select(f => new VersionFile
        {
            Path = f.Path!,
            Digest = Normalize(f.Digest!),
            Size = f.Size!.Value,
            ContentType = VersionRequestValidator.ContentTypeFor(f),
        }).ToList();
        if (await CheckBlobsAsync(db, files, cancellationToken) is { } missing)
        {
            return missing;
        }

        var now = clock.GetUtcNow();
        // Nothing reaches a client before ONNX Runtime has run it: model versions with ONNX files start validating.
        var validate = repository.Kind == RepositoryKind.Model && files.Any(f => f.Path.EndsWith(VariantRules.OnnxExtension, StringComparison.OrdinalIgnoreCase));
        var version = new RepositoryVersion
        {
            RepositoryId = repository.Id,
            Name = request.Version!,
            Notes = request.Notes,
            State = validate ? VersionState.Validating : VersionState.Published,
            CreatedBy = caller.Subject!,
            CreatedAt = now,
            PublishedAt = validate ? null : now,
            TotalSize = files.Sum(f => f.Size),
            Files = files,
            Variants = VariantRules.ToEntities(request.Variants),
            ValidationSettings = validate ? ValidationSettings.Serialize(request.Smoke, request.Tolerance) : null,
        };
        db.Versions.Add(version);
        if (validate)
        {
            db.ValidationJobs.Add(new ValidationJob { Version = version, CreatedAt = now });
        }

        repository.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            return Problems.Conflict(ErrorCodes.VersionExists, $"Version {request.Version} of {owner}/{name} already exists; published versions never change.");
        }

        cache.Invalidate(repository.Id);
        var location = $"/v1/{kind}/{owner}/{name}/versions/{version.Name}";
        if (validate)
        {
            validation.Notify();
            return TypedResults.Accepted(location, version.AsDetail(kind, owner, name));
        }

        return TypedResults.Created(location, version.AsDetail(kind, owner, name));
    }

    public static async Task<Results<Ok<List<VersionSummary>>, ProblemHttpResult>> ListAsync(
        string kind, string owner, string name, HttpContext http, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound(kind, owner, name);
        }

        var rows = await db.Versions.AsNoTracking().Where(v => v.RepositoryId == repository.Id).OrderByDescending(v => v.Id)
            .Select(v => new { Version = v, FileCount = v.Files.Count })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => new VersionSummary(r.Version.Name, r.Version.State.StateName(), r.Version.Notes,
            r.Version.CreatedBy, r.Version.CreatedAt, r.Version.PublishedAt, r.FileCount, r.Version.TotalSize)).ToList());
    }

    public static async Task<Results<Ok<VersionDetail>, ProblemHttpResult>> GetAsync(
        string kind, string owner, string name, string version, HttpContext http, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound(kind, owner, name);
        }

        var found = await db.Versions.AsNoTracking().Include(v => v.Files).Include(v => v.Variants)
            .SingleOrDefaultAsync(v => v.RepositoryId == repository.Id && v.Name == version, cancellationToken);
        if (found is null)
        {
            return VersionNotFound(owner, name, version);
        }

        // Counts per variant; "" holds downloads of files that belong to no variant.
        var downloads = await db.DownloadCounters.AsNoTracking().Where(c => c.VersionId == found.Id).ToDictionaryAsync(c => c.Variant, c => c.Count, cancellationToken);
        return TypedResults.Ok(found.AsDetail(kind, owner, name) with { Downloads = downloads });
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string kind, string owner, string name, string version, HttpContext http, ModelHubDbContext db, ManifestCache cache, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, caller, cancellationToken: cancellationToken);
        if (repository is null)
        {
            return RepositoryEndpoints.NotFound(kind, owner, name);
        }

        if (caller.RequireWrite(owner) is { } denied)
        {
            return denied;
        }

        var pinned = await db.Channels.Where(c => c.RepositoryId == repository.Id && (c.Version.Name == version || (c.RolloutVersion != null && c.RolloutVersion.Name == version)))
            .Select(c => c.Name).ToListAsync(cancellationToken);
        if (pinned.Count > 0)
        {
            return Problems.Conflict(ErrorCodes.VersionInChannel, $"Version {version} is in channel(s) {string.Join(", ", pinned)}: move them first.");
        }

        var deleted = await db.Versions.Where(v => v.RepositoryId == repository.Id && v.Name == version).ExecuteDeleteAsync(cancellationToken);
        cache.Invalidate(repository.Id);
        return deleted == 0 ? VersionNotFound(owner, name, version) : TypedResults.NoContent();
    }

    private static ProblemHttpResult VersionNotFound(string owner, string name, string version) =>
        Problems.NotFound(ErrorCodes.VersionNotFound, $"No version {version} of {owner}/{name}.");

    private static string Normalize(string digest) => Sha256Digest.TryParse(digest, out var d) ? d.ToString() : digest;

    /// <summary>409 listing the digests that were never uploaded, or 400 when a declared size disagrees with the blob.</summary>
    private static async Task<ProblemHttpResult?> CheckBlobsAsync(ModelHubDbContext db, List<VersionFile> files, CancellationToken cancellationToken)
    {
        var digests = files.Select(f => f.Digest).Distinct().ToList();
        var sizes = await db.Blobs.AsNoTracking().Where(b => digests.Contains(b.Digest)).ToDictionaryAsync(b => b.Digest, b => b.Size, cancellationToken);
        var missing = digests.Where(d => !sizes.ContainsKey(d)).ToList();
        if (missing.Count > 0)
        {
            return Problems.Conflict(ErrorCodes.BlobsMissing, $"{missing.Count} blob(s) are not uploaded yet: upload them, then create the version.",
                new Dictionary<string, object?> { ["missing"] = missing });
        }

        var wrong = files.FirstOrDefault(f => sizes[f.Digest] != f.Size);
        return wrong is null ? null : Problems.BadRequest(ErrorCodes.SizeMismatch,
            $"'{wrong.Path}' declares {wrong.Size} bytes but blob {wrong.Digest} has {sizes[wrong.Digest]}.");
    }
}
