using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Naming;
using ModelHub.Server.Auth;
using ModelHub.Server.Infrastructure;
using ModelHub.Server.Manifests;

namespace ModelHub.Server.Repositories;

public static class RepositoryEndpoints
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapRepositoryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup($"/v1/{RepositoryKinds.RouteSegment}").WithTags("Repositories");
        group.MapPost("", CreateAsync).WithName("CreateRepository").WithSummary("Create a model or dataset repository.");
        group.MapGet("", ListAsync).WithName("ListRepositories")
            .WithSummary("List repositories, newest first, with a text filter and paging.");
        group.MapGet("/{owner}/{name}", GetAsync).WithName("GetRepository").WithSummary("Get a repository.");
        group.MapPatch("/{owner}/{name}", UpdateAsync).WithName("UpdateRepository")
            .WithSummary("Update a repository's description, card, tags or visibility.");
        group.MapDelete("/{owner}/{name}", DeleteAsync).WithName("DeleteRepository")
            .WithSummary("Delete a repository and its versions (blobs are collected later).");
        return routes;
    }

    public static async Task<Results<Created<RepositoryInfo>, ProblemHttpResult>> CreateAsync(
        string kind, CreateRepositoryRequest request, HttpContext http, ModelHubDbContext db, TimeProvider clock, ManifestCache cache,
        CancellationToken cancellationToken)
    {
        if (!Names.IsValidName(request.Owner) || !Names.IsValidName(request.Name))
        {
            return Problems.BadRequest(ErrorCodes.InvalidName, $"Owner and name must match {Names.Pattern}.");
        }

        if (RepositoryFields.Validate(request.Description, request.Card, request.Tags) is { } invalid)
        {
            return invalid;
        }

        var caller = Caller.From(http.User);
        if (caller.RequireWrite(request.Owner!) is { } denied)
        {
            return denied;
        }

        var now = clock.GetUtcNow();
        var owner = await EnsureOwnerAsync(db, request.Owner!, now, cancellationToken);
        var repository = new Repository
        {
            OwnerId = owner.Id,
            Name = request.Name!,
            Kind = RepositoryKinds.Parse(kind),
            Description = request.Description,
            Card = request.Card,
            Tags = RepositoryFields.NormalizeTags(request.Tags),
            IsPrivate = request.Private ?? false,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Repositories.Add(repository);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            return Problems.Conflict(ErrorCodes.RepositoryExists, $"{kind}/{request.Owner}/{request.Name} already exists.");
        }

        cache.Invalidate(owner.Name, repository.Name);
        return TypedResults.Created($"/v1/{kind}/{owner.Name}/{repository.Name}", repository.AsInfo(owner.Name, null));
    }

    public static async Task<Results<Ok<RepositoryPage>, ProblemHttpResult>> ListAsync(
        string kind, HttpContext http, ModelHubDbContext db, CancellationToken cancellationToken,
        string? q = null, string? owner = null, int page = 1, int pageSize = 20)
    {
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
        {
            return Problems.BadRequest(ErrorCodes.InvalidPaging, $"page must be ≥ 1 and pageSize between 1 and {MaxPageSize}.");
        }

        var caller = Caller.From(http.User);
        var repositoryKind = RepositoryKinds.Parse(kind);
        var query = db.Repositories.AsNoTracking().Where(r => r.Kind == repositoryKind);
        if (!caller.Owners.Contains(Scopes.AllOwners) || caller.Scopes.Count == 0)
        {
            var readable = caller.Owners.ToList();
            query = query.Where(r => !r.IsPrivate || readable.Contains(r.Owner.Name));
        }

        if (!string.IsNullOrWhiteSpace(owner))
        {
            query = query.Where(r => r.Owner.Name == owner);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLower();
            query = query.Where(r => (r.Owner.Name + "/" + r.Name).ToLower().Contains(term)
                || (r.Description != null && r.Description.ToLower().Contains(term)));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new
            {
                Repository = r,
                OwnerName = r.Owner.Name,
                Latest = r.Versions.Where(v => v.State == VersionState.Published).OrderByDescending(v => v.Id)
                    .Select(v => v.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var items = rows.Select(x => x.Repository.AsInfo(x.OwnerName, x.Latest, withCard: false)).ToList();
        return TypedResults.Ok(new RepositoryPage(items, page, pageSize, total));
    }

    public static async Task<Results<Ok<RepositoryInfo>, ProblemHttpResult>> GetAsync(
        string kind, string owner, string name, HttpContext http, ModelHubDbContext db, CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(
            RepositoryKinds.Parse(kind), owner, name, Caller.From(http.User), cancellationToken: cancellationToken);
        if (repository is null)
        {
            return NotFound(kind, owner, name);
        }

        var latest = await db.Versions.Where(v => v.RepositoryId == repository.Id && v.State == VersionState.Published)
            .OrderByDescending(v => v.Id).Select(v => v.Name).FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(repository.AsInfo(owner, latest));
    }

    public static async Task<Results<Ok<RepositoryInfo>, ProblemHttpResult>> UpdateAsync(
        string kind, string owner, string name, UpdateRepositoryRequest request, HttpContext http, ModelHubDbContext db, TimeProvider clock,
        ManifestCache cache, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, caller, tracking: true, cancellationToken);
        if (repository is null)
        {
            return NotFound(kind, owner, name);
        }

        if (caller.RequireWrite(owner) is { } denied)
        {
            return denied;
        }

        if (RepositoryFields.Validate(request.Description, request.Card, request.Tags) is { } invalid)
        {
            return invalid;
        }

        repository.Description = request.Description ?? repository.Description;
        repository.Card = request.Card ?? repository.Card;
        repository.Tags = request.Tags is null ? repository.Tags : RepositoryFields.NormalizeTags(request.Tags);
        repository.IsPrivate = request.Private ?? repository.IsPrivate;
        if (request.SelectionRules is { } rules)
        {
            if (rules.Count > RepositoryFields.MaxRules || rules.Any(r => r is null || !Names.IsValidVersion(r.Variant)))
            {
                return Problems.BadRequest(ErrorCodes.InvalidField,
                    $"At most {RepositoryFields.MaxRules} selection rules, each naming a variant.");
            }

            // Stored as the rules the manifest applies (Core's), whatever the wire shape.
            repository.SelectionRules = rules.Count == 0 ? null
                : JsonSerializer.Serialize(rules.Select(r => r.AsRule()).ToList(), JsonSerializerOptions.Web);
        }

        repository.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate(repository.Id);
        return TypedResults.Ok(repository.AsInfo(owner, null));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string kind, string owner, string name, HttpContext http, ModelHubDbContext db, ManifestCache cache,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var repository = await db.FindReadableAsync(RepositoryKinds.Parse(kind), owner, name, caller, tracking: true, cancellationToken);
        if (repository is null)
        {
            return NotFound(kind, owner, name);
        }

        if (caller.RequireWrite(owner) is { } denied)
        {
            return denied;
        }

        var users = await db.VersionLinks
            .Where(l => l.DatasetVersion.RepositoryId == repository.Id && l.Version.RepositoryId != repository.Id)
            .Select(l => l.Version.Repository.Owner.Name + "/" + l.Version.Repository.Name + "@" + l.Version.Name)
            .Take(5).ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            return Problems.Conflict(ErrorCodes.VersionInUse,
                $"{owner}/{name} is named as training data by {string.Join(", ", users)}: delete those versions first.");
        }

        db.Repositories.Remove(repository);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsReferenceViolation(e))
        {
            // A model named one of its versions between the check and the delete.
            return Problems.Conflict(ErrorCodes.VersionInUse,
                $"A version of {owner}/{name} is named as training data: delete those versions first.");
        }

        cache.Invalidate(repository.Id);
        cache.Invalidate(owner, name);
        return TypedResults.NoContent();
    }

    public static ProblemHttpResult NotFound(string kind, string owner, string name) =>
        Problems.NotFound(ErrorCodes.RepositoryNotFound, $"No repository {kind}/{owner}/{name}.");

    private static async Task<Owner> EnsureOwnerAsync(
        ModelHubDbContext db, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owner = await db.Owners.SingleOrDefaultAsync(o => o.Name == name, cancellationToken);
        if (owner is not null)
        {
            return owner;
        }

        owner = new Owner { Name = name, CreatedAt = now };
        db.Owners.Add(owner);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return owner;
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            // Another request created the owner first: use theirs.
            db.Entry(owner).State = EntityState.Detached;
            return await db.Owners.SingleAsync(o => o.Name == name, cancellationToken);
        }
    }
}
