using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Naming;
using ModelHub.Core.Selection;
using ModelHub.Server.Auth;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Repositories;

/// <summary>
/// Creates, lists, updates and deletes repositories; every committed change is announced to <see cref="IRepositoryChanges"/>.
/// </summary>
public sealed class RepositoryService(ModelHubDbContext db, TimeProvider clock, IRepositoryChanges changes)
{
    public const int MaxPageSize = 100;

    public async Task<RepositoryResult> CreateAsync(string kind, CreateRepositoryRequest request, Caller caller,
        CancellationToken cancellationToken)
    {
        if (!Names.IsValidName(request.Owner) || !Names.IsValidName(request.Name))
        {
            return new(RepositoryOutcome.Invalid, Error: new(ErrorCodes.InvalidName, $"Owner and name must match {Names.Pattern}."));
        }

        if (RepositoryFields.Validate(request.Description, request.Card, request.Tags) is { } invalid)
        {
            return new(RepositoryOutcome.Invalid, Error: invalid);
        }

        switch (caller.WriteAccess(request.Owner!))
        {
            case AccessChecks.Access.Unauthenticated:
                return new(RepositoryOutcome.Unauthenticated);
            case AccessChecks.Access.Forbidden:
                return new(RepositoryOutcome.Forbidden, AccessChecks.WriteDenied(request.Owner!));
        }

        var now = clock.GetUtcNow();
        var owner = await EnsureOwnerAsync(request.Owner!, now, cancellationToken);
        if (owner.Name != request.Owner)
        {
            return new(RepositoryOutcome.NameTaken,
                $"The owner name '{request.Owner}' is taken as '{owner.Name}': owner names are unique ignoring case.");
        }

        var repository = new Repository
        {
            Owner = owner,
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
            return new(RepositoryOutcome.Exists,
                $"{kind}/{request.Owner}/{request.Name} already exists (repository names are unique ignoring case).");
        }

        Announce(repository);
        return new(RepositoryOutcome.Created, Repository: repository);
    }

    /// <summary>A page of the repositories of <paramref name="kind"/> the caller may see, most recently updated first.</summary>
    public async Task<RepositoryPage> ListAsync(RepositoryKind kind, Caller caller, string? text, string? owner, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        var query = db.Repositories.AsNoTracking().ReadableBy(caller).Where(r => r.Kind == kind);
        if (!string.IsNullOrWhiteSpace(owner))
        {
            query = query.Where(r => r.Owner.Name == owner);
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            query = query.Matching(text);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new
            {
                Repository = r,
                OwnerName = r.Owner.Name,
                Latest = r.Versions.Where(v => v.State == VersionState.Published).OrderByDescending(v => v.Id).Select(v => v.Name)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var items = rows.Select(x => x.Repository.AsInfo(x.OwnerName, x.Latest, withCard: false)).ToList();
        return new RepositoryPage(items, page, pageSize, total);
    }

    public static RequestError? ValidatePaging(int page, int pageSize) => page < 1 || pageSize < 1 || pageSize > MaxPageSize
        ? new(ErrorCodes.InvalidPaging, $"page must be ≥ 1 and pageSize between 1 and {MaxPageSize}.")
        : null;

    /// <summary>The name of the newest published version, or null.</summary>
    public Task<string?> LatestPublishedAsync(long repositoryId, CancellationToken cancellationToken) =>
        db.Versions.Where(v => v.RepositoryId == repositoryId).LatestPublished().FirstOrDefaultAsync(cancellationToken);

    /// <summary>Changes the fields the request sets on <paramref name="repository"/> (tracked, with its owner).</summary>
    public async Task<RepositoryResult> UpdateAsync(Repository repository, UpdateRepositoryRequest request,
        CancellationToken cancellationToken)
    {
        var invalid = RepositoryFields.Validate(request.Description, request.Card, request.Tags)
            ?? RepositoryFields.ValidateRules(request.SelectionRules);
        if (invalid is not null)
        {
            return new(RepositoryOutcome.Invalid, Error: invalid);
        }

        repository.Description = request.Description ?? repository.Description;
        repository.Card = request.Card ?? repository.Card;
        repository.Tags = request.Tags is null ? repository.Tags : RepositoryFields.NormalizeTags(request.Tags);
        repository.IsPrivate = request.Private ?? repository.IsPrivate;
        if (request.SelectionRules is { } rules)
        {
            repository.SelectionRules = SelectionRules.Store(rules);
        }

        repository.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        Announce(repository);
        return new(RepositoryOutcome.Updated, Repository: repository);
    }

    /// <summary>
    /// Deletes <paramref name="repository"/> (tracked, with its owner) unless another repository names one of its versions.
    /// </summary>
    public async Task<RepositoryResult> DeleteAsync(Repository repository, CancellationToken cancellationToken)
    {
        var fullName = $"{repository.Owner.Name}/{repository.Name}";
        var users = await db.VersionLinks
            .Where(l => l.DatasetVersion.RepositoryId == repository.Id && l.Version.RepositoryId != repository.Id)
            .Select(l => l.Version.Repository.Owner.Name + "/" + l.Version.Repository.Name + "@" + l.Version.Name).Take(5)
            .ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            return new(RepositoryOutcome.InUse,
                $"{fullName} is named as training data by {string.Join(", ", users)}: delete those versions first.");
        }

        db.Repositories.Remove(repository);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsReferenceViolation(e))
        {
            // A model named one of its versions between the check and the delete.
            return new(RepositoryOutcome.InUse, $"A version of {fullName} is named as training data: delete those versions first.");
        }

        Announce(repository);
        return new(RepositoryOutcome.Deleted);
    }

    private void Announce(Repository repository) => changes.Changed(new(repository.Id, repository.Owner.Name, repository.Name));

    /// <summary>
    /// The owner whose name equals <paramref name="name"/> ignoring case (its own spelling may differ), created when none.
    /// </summary>
    private async Task<Owner> EnsureOwnerAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var normalized = Names.Normalize(name);
        var owner = await db.Owners.SingleOrDefaultAsync(o => o.NormalizedName == normalized, cancellationToken);
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
            return await db.Owners.SingleAsync(o => o.NormalizedName == normalized, cancellationToken);
        }
    }
}
