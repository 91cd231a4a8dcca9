using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Jobs;
using ModelHub.Server.Outcomes;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Versions;

/// <summary>
/// A version's lifecycle: created from uploaded blobs, either published at once or queued for validation (a model
/// version with ONNX files), then published or rejected when validation finishes; deleted while nothing pins it.
/// Every committed step is announced to <see cref="IRepositoryChanges"/>; one that queued jobs also wakes the job workers.
/// </summary>
public sealed partial class VersionPublisher(ModelHubDbContext db, TimeProvider clock, IRepositoryChanges changes,
    IEnumerable<IVersionPreparer>? preparers = null, IEnumerable<IVersionCheck>? checks = null, JobWorkers? workers = null,
    IValidationStart? starts = null)
{
    /// <summary>Creates a version of <paramref name="repository"/> (tracked, with its owner) from the request.</summary>
    public Task<VersionResult> CreateAsync(Repository repository, Caller caller, CreateVersionRequest request,
        CancellationToken cancellationToken) => CreateAsync(repository, caller, request, null, cancellationToken);

    /// <summary>Creates a version as <see cref="CreateAsync(Repository, Caller, CreateVersionRequest, CancellationToken)"/>
    /// does; a dataset commit names its <paramref name="parent"/>.</summary>
    public async Task<VersionResult> CreateAsync(Repository repository, Caller caller, CreateVersionRequest request,
        VersionParent? parent, CancellationToken cancellationToken)
    {
        if ((VersionRequestValidator.Validate(request) ?? VariantRules.Validate(request)) is { } invalid)
        {
            return new(VersionOutcome.Invalid, Error: invalid);
        }

        var files = request.Files!.Select(f => new VersionFile
        {
            Path = f.Path!,
            Digest = Sha256Digest.TryParse(f.Digest, out var digest) ? digest.ToString() : f.Digest!,
            Size = f.Size!.Value,
            ContentType = VersionRequestValidator.ContentTypeFor(f),
        }).ToList();
        if (await CheckBlobsAsync(files, caller, cancellationToken) is { } unusable)
        {
            return unusable;
        }

        var (lineage, unknown) = await ResolveDatasetsAsync(request.Datasets, caller, cancellationToken);
        if (unknown is not null)
        {
            return unknown;
        }

        // Nothing reaches a client before ONNX Runtime has run it: model versions with ONNX files start validating.
        var validate = repository.Kind == RepositoryKind.Model && files.Any(f => VersionTiers.IsOnnx(f.Path));
        foreach (var check in validate ? checks ?? [] : [])
        {
            if (await check.CheckAsync(repository, caller, request, files, cancellationToken) is { } refused)
            {
                return new(VersionOutcome.Unprocessable, refused.Detail, Error: refused);
            }
        }

        var now = clock.GetUtcNow();
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
            ValidationSettings = validate ? ValidationSettings.Serialize(request.Smoke, request.Tolerance, request.Limits) : null,
            Datasets = lineage,
            ParentId = parent?.Id,
            CommitSummary = parent?.CommitSummary,
        };
        db.Versions.Add(version);
        foreach (var preparer in preparers ?? [])
        {
            await preparer.PrepareAsync(repository, version, now, cancellationToken);
        }

        // With a validation slot free here, the job is saved already claimed, and its validation runs in that slot while the
        // version is saved: the model loads during the save.
        using var handOff = validate && workers is not null
            ? await workers.ReserveAsync(JobKinds.Validation, repository.OwnerId, cancellationToken)
            : null;
        var job = validate ? new Job { Kind = JobKinds.Validation, Version = version, CreatedAt = now } : null;
        if (job is not null)
        {
            handOff?.Stamp(job);
            db.Jobs.Add(job);
        }

        using var early = handOff is null ? null : starts?.Begin(version);

        repository.UpdatedAt = now;
        // Jobs not handed to a slot here (table indexing, a validation with no slot free) wait for a worker to claim them.
        var queued = db.ChangeTracker.Entries<Job>().Any(e => e.State == EntityState.Added && e.Entity.LeaseOwner is null);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            var name = $"{repository.Owner.Name}/{repository.Name}";
            return new(VersionOutcome.Exists, $"Version {request.Version} of {name} already exists; published versions never change.");
        }

        if (job is not null)
        {
            early?.Attach(job.Id);
            handOff?.Start(job);
        }

        Announce(repository, queued);
        return new(validate ? VersionOutcome.Validating : VersionOutcome.Published, Version: version);
    }

    /// <summary>
    /// Records the verdict on a version that was validating: published or rejected, with the report. A tier that did
    /// not declare its precision gets the detected one, so catalogs and filters can use it. <paramref name="job"/> is
    /// tracked, with its version's files, variants and repository (with its owner).
    /// A version with an accuracy <paramref name="gate"/> is judged on real data instead of noise: once its smoke runs pass
    /// (noise-input agreement only informs), its gate's evaluation is queued in the same save that ends the validation job,
    /// and the version stays validating until <see cref="FinishGateAsync"/>; a gate that cannot run rejects it.
    /// </summary>
    public async Task FinishValidationAsync(Job job, ValidationReport report, GatePlan? gate = null)
    {
        var version = job.Version;
        if (gate is not null)
        {
            report = GateVerdicts.NoiseInformational(report);
            var pending = new GateReport(0, gate.Dataset, gate.Table, gate.MaxAccuracyDrop, GateReport.Running);
            if (!report.Passed)
            {
                report = report with { Gate = pending with { State = GateReport.Error, Reason = "the smoke runs failed" } };
            }
            else if (gate.Failure is { } failure)
            {
                report = GateVerdicts.CouldNotRun(report, pending, failure);
            }
            else
            {
                await QueueGateAsync(job, report, gate.Evaluation!, pending);
                return;
            }
        }

        Decide(version, report);
        job.CompletedAt = clock.GetUtcNow();
        // The verdict is stored even when the server is stopping: the worker's time is spent.
        await db.SaveChangesAsync(CancellationToken.None);
        Announce(version.Repository);
    }

    private void Decide(RepositoryVersion version, ValidationReport report)
    {
        version.State = report.Passed ? VersionState.Published : VersionState.Rejected;
        version.PublishedAt = report.Passed ? clock.GetUtcNow() : null;
        ValidationReports.Store(version, report);
        FillPrecisions(version, report);
    }

    private static void FillPrecisions(RepositoryVersion version, ValidationReport report)
    {
        var tiers = VersionTiers.From(version, report);
        foreach (var variant in version.Variants.Where(v => v.Precision is null))
        {
            variant.Precision = tiers.First(t => t.Name == variant.Name).Precision;
        }
    }

    /// <summary>Deletes (yanks) a version of <paramref name="repository"/> unless a channel points at it or a model names it.</summary>
    public async Task<VersionResult> DeleteAsync(Repository repository, string version, CancellationToken cancellationToken)
    {
        var pinned = await db.Channels
            .Where(c => c.RepositoryId == repository.Id
                && (c.Version.Name == version || (c.RolloutVersion != null && c.RolloutVersion.Name == version)))
            .Select(c => c.Name).ToListAsync(cancellationToken);
        if (pinned.Count > 0)
        {
            return new(VersionOutcome.InChannel, $"Version {version} is in channel(s) {string.Join(", ", pinned)}: move them first.");
        }

        var users = await db.VersionLinks.Where(l => l.DatasetVersion.RepositoryId == repository.Id && l.DatasetVersion.Name == version)
            .Select(l => l.Version.Repository.Owner.Name + "/" + l.Version.Repository.Name + "@" + l.Version.Name).Take(5)
            .ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            return new(VersionOutcome.InUse,
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
            return new(VersionOutcome.InUse, $"Version {version} was just named as training data by a model version: delete that first.");
        }

        if (deleted == 0)
        {
            return new(VersionOutcome.NotFound, $"No version {version} of {repository.Owner.Name}/{repository.Name}.");
        }

        Announce(repository);
        return new(VersionOutcome.Deleted);
    }

    private void Announce(Repository repository, bool jobsQueued = false) =>
        changes.Changed(new(repository.Id, repository.Owner.Name, repository.Name, jobsQueued));

    /// <summary>
    /// Null when every blob is uploaded, readable by the caller (<see cref="BlobVisibility"/>) and of the declared size; else
    /// 409 listing the digests the caller must upload (a blob it cannot read counts as missing, exactly as one that does
    /// not exist), or 400.
    /// </summary>
    private async Task<VersionResult?> CheckBlobsAsync(List<VersionFile> files, Caller caller, CancellationToken cancellationToken)
    {
        var digests = files.Select(f => f.Digest).Distinct().ToList();
        var sizes = await db.Blobs.AsNoTracking().Where(b => digests.Contains(b.Digest))
            .ToDictionaryAsync(b => b.Digest, b => b.Size, cancellationToken);
        var nameable = await BlobVisibility.NameableAsync(db, caller, [.. sizes.Keys], cancellationToken);
        var missing = digests.Where(d => !sizes.ContainsKey(d) || !nameable.Contains(d)).ToList();
        if (missing.Count > 0)
        {
            return new(VersionOutcome.BlobsMissing, $"{missing.Count} blob(s) are not uploaded yet: upload them, then create the version.",
                Missing: missing);
        }

        var wrong = files.FirstOrDefault(f => sizes[f.Digest] != f.Size);
        return wrong is null ? null : new(VersionOutcome.SizeMismatch,
            $"'{wrong.Path}' declares {wrong.Size} bytes but blob {wrong.Digest} has {sizes[wrong.Digest]}.");
    }

    /// <summary>
    /// The lineage links to the named dataset versions (<c>owner/name@version</c>), or the failure naming those that do
    /// not exist, are not published or are not visible to the caller.
    /// </summary>
    private async Task<(List<VersionLink> Links, VersionResult? Failure)> ResolveDatasetsAsync(List<string>? references, Caller caller,
        CancellationToken cancellationToken)
    {
        var links = new List<VersionLink>();
        var missing = new List<string>();
        foreach (var reference in (references ?? []).Distinct(StringComparer.Ordinal))
        {
            if (!RepositoryReference.TryParse(reference, out var parsed) || parsed!.Version is null)
            {
                var malformed = new RequestError(ErrorCodes.BadRequest, $"Dataset '{reference}' is not owner/name@version.");
                return ([], new(VersionOutcome.Invalid, Error: malformed));
            }

            var (owner, name, versionName) = (parsed.Owner, parsed.Name, parsed.Version);
            var id = await db.Versions.Where(v => v.Name == versionName && v.State == VersionState.Published)
                .Where(v => db.Repositories.ReadableBy(caller).Any(r =>
                    r.Id == v.RepositoryId && r.Kind == RepositoryKind.Dataset && r.Name == name && r.Owner.Name == owner))
                .Select(v => (long?)v.Id).SingleOrDefaultAsync(cancellationToken);
            if (id is { } found)
            {
                links.Add(new VersionLink { DatasetVersionId = found });
            }
            else
            {
                missing.Add(reference);
            }
        }

        return missing.Count == 0 ? (links, null) : ([], new(VersionOutcome.DatasetsNotFound,
            $"No published dataset version {string.Join(", ", missing)}: push the dataset first.", Missing: missing));
    }
}
