using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Evaluations;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Auth;
using ModelHub.Server.Datasets;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// Starts evaluations (the spec checked against the table and the model first, then queued as a job) and reads them, by
/// model version or, as a leaderboard, by the dataset version they read.
/// </summary>
public sealed class EvaluationService(ModelHubDbContext db, DatasetTables tables, IBlobStore store, IRepositoryChanges changes,
    TimeProvider clock)
{
    public async Task<EvaluationResult<EvaluationInfo>> CreateAsync(Repository repository, Caller caller, string versionName,
        EvaluationSpec? given, string? datasetOverride, string? tableOverride, CancellationToken cancellationToken)
    {
        if (repository.Kind != RepositoryKind.Model)
        {
            return new(EvaluationOutcome.NotAModel, "Evaluations run model versions; a dataset's evaluations are listed on its versions.");
        }

        var version = await db.Versions.Include(v => v.Files).Include(v => v.Variants).Include(v => v.Repository).ThenInclude(r => r.Owner)
            .AsSplitQuery().SingleOrDefaultAsync(v => v.RepositoryId == repository.Id && v.Name == versionName, cancellationToken);
        if (version is null)
        {
            return new(EvaluationOutcome.VersionNotFound, $"No version {versionName}.");
        }

        if (version.State != VersionState.Published)
        {
            return new(EvaluationOutcome.NotPublished, $"Version {versionName} is {version.State.ToString().ToLowerInvariant()}; "
                + "evaluate it once validation has published it.");
        }

        var spec = given ?? (await DeclaredSpec.ReadAsync(store, version.Files, cancellationToken)).Spec;
        if (spec is null)
        {
            return Invalid<EvaluationInfo>(
                [$"Give a spec in the request: version {versionName} declares none ({EvaluationTerms.SpecFile})."]);
        }

        spec = spec with { Dataset = datasetOverride ?? spec.Dataset, Table = tableOverride ?? spec.Table };
        var tiers = VersionTiers.From(version, ValidationReports.Read(version));
        if (tiers.Count == 0)
        {
            return Invalid<EvaluationInfo>([$"Version {versionName} has no ONNX tier to evaluate."]);
        }

        var model = (tiers.FirstOrDefault(t => t.IsReference) ?? tiers[0]).FileReport?.Model;
        var planned = await PlanAsync(spec, caller, model, cancellationToken);
        if (planned.Value is not { } evaluation)
        {
            return new(planned.Outcome, planned.Detail, Extensions: planned.Extensions, Lookup: planned.Lookup);
        }

        evaluation.VersionId = version.Id;
        evaluation.Version = version;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.Evaluations.Add(evaluation);
            await db.SaveChangesAsync(cancellationToken);
            db.Jobs.Add(new Job
            {
                Kind = JobKinds.Evaluation,
                VersionId = version.Id,
                Subject = evaluation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                CreatedAt = evaluation.CreatedAt,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Wakes the job workers (of every replica, with a cross-replica notifier).
        changes.Changed(new(repository.Id, version.Repository.Owner.Name, repository.Name, JobsQueued: true));
        return EvaluationResults.Done(evaluation.AsInfo());
    }

    /// <summary>
    /// The evaluation <paramref name="spec"/> asks for, checked up front and not saved yet (its model version is the
    /// caller's to set): the spec's rules, the dataset version readable by <paramref name="caller"/>, its table indexed, the
    /// columns and (when <paramref name="model"/> is known) the model's inputs and outputs the spec names.
    /// </summary>
    public async Task<EvaluationResult<Evaluation>> PlanAsync(EvaluationSpec spec, Caller caller, OnnxModelInfo? model,
        CancellationToken cancellationToken)
    {
        if (EvaluationSpecRules.Check(spec) is { Count: > 0 } errors)
        {
            return Invalid<Evaluation>(errors);
        }

        var reference = RepositoryReference.Parse(spec.Dataset!);
        var dataset = await db.FindReadableAsync(RepositoryKind.Dataset, reference.Owner, reference.Name, caller,
            cancellationToken: cancellationToken);
        if (dataset is null)
        {
            return new(EvaluationOutcome.DatasetNotFound, $"No dataset {reference.Repository} you may read.");
        }

        var lookup = await tables.FindAsync(dataset.Id, reference.Version!, spec.Table, cancellationToken);
        if (lookup.Outcome != TableOutcome.Found)
        {
            return new(EvaluationOutcome.Table, lookup.Detail, Lookup: lookup);
        }

        var columns = VersionTables.ReadSummary(lookup.Table!.Summary)!.Columns;
        if (SpecChecker.Check(spec, columns, model) is { Count: > 0 } mismatches)
        {
            return Invalid<Evaluation>(mismatches, columns.Select(c => c.Name), model);
        }

        return EvaluationResults.Done(new Evaluation
        {
            DatasetVersionId = lookup.Version!.Id,
            Dataset = $"{reference.Repository}@{reference.Version}",
            Table = lookup.Table.Path,
            Spec = EvaluationRecords.Write(spec),
            State = EvaluationTerms.Queued,
            RowCount = lookup.Table.RowCount,
            CreatedBy = caller.Subject ?? "anonymous",
            CreatedAt = clock.GetUtcNow(),
        });
    }

    /// <summary>The evaluations of a model version, or on a dataset version (its leaderboard), newest first; on a dataset,
    /// only those of models the caller may see.</summary>
    public async Task<EvaluationResult<List<EvaluationInfo>>> ListAsync(Repository repository, Caller caller, string versionName,
        CancellationToken cancellationToken)
    {
        var version = await db.Versions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.RepositoryId == repository.Id && v.Name == versionName, cancellationToken);
        if (version is null)
        {
            return new(EvaluationOutcome.VersionNotFound, $"No version {versionName}.");
        }

        var query = repository.Kind == RepositoryKind.Model
            ? Loaded().Where(e => e.VersionId == version.Id)
            : Loaded().Where(e => e.DatasetVersionId == version.Id);
        var found = await query.OrderByDescending(e => e.Id).Take(200).ToListAsync(cancellationToken);
        return EvaluationResults.Done<List<EvaluationInfo>>([.. found.Where(e => e.VisibleTo(caller)).Select(e => e.AsInfo())]);
    }

    /// <summary>Evaluation <paramref name="id"/> of a model version, or on a dataset version (of a model the caller may see).</summary>
    public async Task<EvaluationResult<Evaluation>> FindAsync(Repository repository, Caller caller, string versionName, long id,
        CancellationToken cancellationToken)
    {
        var query = Loaded().Where(e => e.Id == id);
        query = repository.Kind == RepositoryKind.Model
            ? query.Where(e => e.Version.RepositoryId == repository.Id && e.Version.Name == versionName)
            : query.Where(e => e.DatasetVersion!.RepositoryId == repository.Id && e.DatasetVersion.Name == versionName);
        var evaluation = await query.SingleOrDefaultAsync(cancellationToken);
        return evaluation is null || !evaluation.VisibleTo(caller)
            ? new(EvaluationOutcome.EvaluationNotFound, $"No evaluation {id} of version {versionName}.")
            : EvaluationResults.Done(evaluation);
    }

    private IQueryable<Evaluation> Loaded() => db.Evaluations.AsNoTracking()
        .Include(e => e.Version).ThenInclude(v => v.Repository).ThenInclude(r => r.Owner)
        .Include(e => e.DatasetVersion).ThenInclude(v => v!.Repository).ThenInclude(r => r.Owner);

    private static EvaluationResult<T> Invalid<T>(
        List<string> errors, IEnumerable<string>? columns = null, OnnxModelInfo? model = null)
    {
        var extensions = new Dictionary<string, object?> { ["errors"] = errors };
        if (columns is not null)
        {
            extensions["columns"] = columns.ToList();
        }

        if (model is not null)
        {
            extensions["inputs"] = model.Inputs.Select(i => $"{i.Name} {i.ElementType}[{string.Join(", ", i.Shape)}]").ToList();
            extensions["outputs"] = model.Outputs.Select(o => $"{o.Name} {o.ElementType}[{string.Join(", ", o.Shape)}]").ToList();
        }

        return new(EvaluationOutcome.SpecInvalid, string.Join(" ", errors), Extensions: extensions);
    }
}
