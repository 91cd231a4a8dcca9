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

        var lineage = await ResolveDatasetsAsync(db, request.Datasets, caller, cancellationToken);
        if (lineage.Problem is { } unknown)
        {
            return unknown;
        }

        var now = clock.GetUtcNow();
        // Nothing reaches a client before ONNX Runtime has run it: model versions with ONNX files start validating.
        var validate = repository.Kind == RepositoryKind.Model
            && files.Any(f => f.Path.EndsWith(VariantRules.OnnxExtension, StringComparison.OrdinalIgnoreCase));
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
            Datasets = lineage.Ids.Select(id => new VersionLink { DatasetVersionId = id }).ToList(),
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
            return Problems.Conflict(ErrorCodes.VersionExists,
                $"Version {request.Version} of {owner}/{name} already exists; published versions never change.");
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
        var repository = await db.FindReadableAsync(
            RepositoryKinds.Parse(kind), owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
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
        var repository = await db.FindReadableAsync(
            RepositoryKinds.Parse(kind), owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
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
        var downloads = await db.DownloadCounters.AsNoTracking().Where(c => c.VersionId == found.Id)
            .ToDictionaryAsync(c => c.Variant, c => c.Count, cancellationToken);
        var datasets = await db.VersionLinks.AsNoTracking().Where(l => l.VersionId == found.Id)
            .Select(l => new
            {
                l.DatasetVersion.Repository.Owner.Name,
                Repository = l.DatasetVersion.Repository.Name,
                l.DatasetVersion.Repository.Kind,
                Version = l.DatasetVersion.Name,
            })
            .ToListAsync(cancellationToken);
        var usedBy = await db.VersionLinks.AsNoTracking().Where(l => l.DatasetVersionId == found.Id)
            .Select(l => new
            {
                l.Version.Repository.Owner.Name,
                Repository = l.Version.Repository.Name,
                l.Version.Repository.Kind,
                Version = l.Version.Name,
                l.Version.Repository.IsPrivate,
            })
            .ToListAsync(cancellationToken);
        var caller = Caller.From(http.User);
        return TypedResults.Ok(found.AsDetail(kind, owner, name) with
        {
            Downloads = downloads,
            Datasets = datasets.Select(d => Link(d.Kind, d.Name, d.Repository, d.Version))
                .OrderBy(l => l.Repository).ThenBy(l => l.Version).ToList(),
            // Private models that name a public dataset stay invisible to those who cannot read them.
            UsedBy = usedBy.Where(u => !u.IsPrivate || caller.CanRead(u.Name)).Select(u => Link(u.Kind, u.Name, u.Repository, u.Version))
                .OrderBy(l => l.Repository).ThenBy(l => l.Version).ToList(),
        });
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string kind, string owner, string name, string version, HttpContext http, ModelHubDbContext db, ManifestCache cache,
        CancellationToken cancellationToken)
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

        var pinned = await db.Channels
            .Where(c => c.RepositoryId == repository.Id
                && (c.Version.Name == version || (c.RolloutVersion != null && c.RolloutVersion.Name == version)))
            .Select(c => c.Name).ToListAsync(cancellationToken);
        if (pinned.Count > 0)
        {
            return Problems.Conflict(ErrorCodes.VersionInChannel,
                $"Version {version} is in channel(s) {string.Join(", ", pinned)}: move them first.");
        }

        var users = await db.VersionLinks.Where(l => l.DatasetVersion.RepositoryId == repository.Id && l.DatasetVersion.Name == version)
            .Select(l => l.Version.Repository.Owner.Name + "/" + l.Version.Repository.Name + "@" + l.Version.Name)
            .Take(5).ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            return Problems.Conflict(ErrorCodes.VersionInUse,
                $"Version {version} is named as training data by {string.Join(", ", users)}: delete those first.");
        }

        int deleted;
        try
        {
            deleted = await db.Versions.Where(v => v.RepositoryId == repository.Id && v.Name == version)
                .ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException && db.IsReferenceViolation(e))
        {
            return Problems.Conflict(ErrorCodes.VersionInUse,
                $"Version {version} was just named as training data by a model version: delete that first.");
        }
        cache.Invalidate(repository.Id);
        return deleted == 0 ? VersionNotFound(owner, name, version) : TypedResults.NoContent();
    }

    private static LineageLink Link(RepositoryKind kind, string owner, string name, string version)
    {
        var plural = kind == RepositoryKind.Dataset ? "datasets" : "models";
        return new LineageLink(plural, $"{owner}/{name}", version, $"/v1/{plural}/{owner}/{name}/versions/{version}");
    }

    /// <summary>
    /// The ids of the named dataset versions (<c>owner/name@version</c>), or 422 naming those that do not exist or are not published.
    /// </summary>
    private static async Task<(List<long> Ids, ProblemHttpResult? Problem)> ResolveDatasetsAsync(
        ModelHubDbContext db, List<string>? references, Caller caller, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var missing = new List<string>();
        foreach (var reference in (references ?? []).Distinct(StringComparer.Ordinal))
        {
            if (!RepositoryReference.TryParse(reference, out var parsed) || parsed!.Version is not { } versionName)
            {
                return ([], Problems.BadRequest(ErrorCodes.BadRequest, $"Dataset '{reference}' is not owner/name@version."));
            }

            var repository = await db.FindReadableAsync(
                RepositoryKind.Dataset, parsed.Owner, parsed.Name, caller, cancellationToken: cancellationToken);
            var id = repository is null ? null : await db.Versions
                .Where(v => v.RepositoryId == repository.Id && v.Name == versionName && v.State == VersionState.Published)
                .Select(v => (long?)v.Id).SingleOrDefaultAsync(cancellationToken);
            if (id is { } found)
            {
                ids.Add(found);
            }
            else
            {
                missing.Add(reference);
            }
        }

        return missing.Count == 0 ? (ids, null)
            : ([], Problems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.DatasetVersionNotFound,
                $"No published dataset version {string.Join(", ", missing)}: push the dataset first.",
                new Dictionary<string, object?> { ["missing"] = missing }));
    }

    private static ProblemHttpResult VersionNotFound(string owner, string name, string version) =>
        Problems.NotFound(ErrorCodes.VersionNotFound, $"No version {version} of {owner}/{name}.");

    private static string Normalize(string digest) => Sha256Digest.TryParse(digest, out var d) ? d.ToString() : digest;

    /// <summary>409 listing the digests that were never uploaded, or 400 when a declared size disagrees with the blob.</summary>
    private static async Task<ProblemHttpResult?> CheckBlobsAsync(
        ModelHubDbContext db, List<VersionFile> files, CancellationToken cancellationToken)
    {
        var digests = files.Select(f => f.Digest).Distinct().ToList();
        var sizes = await db.Blobs.AsNoTracking().Where(b => digests.Contains(b.Digest))
            .ToDictionaryAsync(b => b.Digest, b => b.Size, cancellationToken);
        var missing = digests.Where(d => !sizes.ContainsKey(d)).ToList();
        if (missing.Count > 0)
        {
            return Problems.Conflict(ErrorCodes.BlobsMissing,
                $"{missing.Count} blob(s) are not uploaded yet: upload them, then create the version.",
                new Dictionary<string, object?> { ["missing"] = missing });
        }

        var wrong = files.FirstOrDefault(f => sizes[f.Digest] != f.Size);
        return wrong is null ? null : Problems.BadRequest(ErrorCodes.SizeMismatch,
            $"'{wrong.Path}' declares {wrong.Size} bytes but blob {wrong.Digest} has {sizes[wrong.Digest]}.");
    }
}
