using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Evaluations.Isolation;
using ModelHub.Server.Blobs;
using ModelHub.Server.Datasets;
using ModelHub.Server.Jobs;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// Runs an evaluation job: places the table's materialised copy, every tier's files and (for image inputs) the images the
/// evaluated rows name in a scratch folder (hard links from a local store), runs the isolated worker, records progress as it
/// comes, then stores the predictions as a blob and the results and suspects on the evaluation. A spec the worker refuses
/// fails the evaluation with the reason; a worker that crashes or hits a limit is retried once, then fails it. The
/// accuracy gate of a validating version is judged by the <see cref="VersionPublisher"/> in the same save.
/// </summary>
public sealed class EvaluationRunner(ModelHubDbContext db, IBlobStore store, EvaluationProcess process, DerivedBlobs derived,
    EvaluationImages images, VersionPublisher publisher, IRepositoryChanges changes, IOptions<EvaluationOptions> options,
    IServiceScopeFactory scopes, TimeProvider clock, ILogger<EvaluationRunner> logger) : IJobHandler
{
    public const int MaxAttempts = 2;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public string Kind => JobKinds.Evaluation;

    public async Task RunAsync(ClaimedJob claimed, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.SingleAsync(j => j.Id == claimed.Id, cancellationToken);
        var id = long.Parse(job.Subject, System.Globalization.CultureInfo.InvariantCulture);
        var evaluation = await db.Evaluations.Include(e => e.Version).ThenInclude(v => v.Files)
            .Include(e => e.Version).ThenInclude(v => v.Variants)
            .Include(e => e.Version).ThenInclude(v => v.Repository).ThenInclude(r => r.Owner)
            .AsSplitQuery().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (evaluation is { State: EvaluationTerms.Queued or EvaluationTerms.Running })
        {
            evaluation.State = EvaluationTerms.Running;
            await db.SaveChangesAsync(cancellationToken);
            try
            {
                await EvaluateAsync(evaluation, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && claimed.Attempt >= MaxAttempts)
            {
                // The last attempt ends the evaluation whatever failed, so a gated version never waits on it forever.
                logger.LogWarning("Evaluation {Id} failed {Attempts} times: {Reason}", id, claimed.Attempt, e.Message);
                Fail(evaluation, $"The evaluation could not run: {e.Message}.");
            }
        }

        job.CompletedAt = clock.GetUtcNow();
        if (evaluation is not null && VersionPublisher.IsPendingGate(evaluation))
        {
            // The gate's verdict is saved with the evaluation and its job: a server stopping in between repeats both.
            var results = EvaluationRecords.ReadResults(evaluation)?.Tiers;
            await publisher.FinishGateAsync(evaluation.Version, results,
                evaluation.State == EvaluationTerms.Succeeded ? null : evaluation.Error ?? "the evaluation failed");
            return;
        }

        await db.SaveChangesAsync(CancellationToken.None);
        if (evaluation is not null)
        {
            // New results may change the manifest's quality order of the version's tiers.
            var repository = evaluation.Version.Repository;
            changes.Changed(new(repository.Id, repository.Owner.Name, repository.Name));
        }
    }

    private async Task EvaluateAsync(Evaluation evaluation, CancellationToken cancellationToken)
    {
        var spec = EvaluationRecords.ReadSpec(evaluation);
        var table = await db.Tables.AsNoTracking().Include(t => t.Version).ThenInclude(v => v.Files)
            .SingleOrDefaultAsync(t => t.VersionId == evaluation.DatasetVersionId && t.Path == evaluation.Table, cancellationToken);
        if (table?.MaterialisedDigest is not { } materialised)
        {
            Fail(evaluation, $"The table {evaluation.Table} of {evaluation.Dataset} is gone.");
            return;
        }

        using var scratch = new ScratchFolder(store);
        var tablePath = await PlaceAsync(scratch, materialised, "table.parquet", cancellationToken);
        var tiers = new List<TierFile>();
        foreach (var tier in VersionTiers.From(evaluation.Version, ValidationReports.Read(evaluation.Version)))
        {
            foreach (var file in tier.Files)
            {
                await PlaceAsync(scratch, file.Digest, Path.Combine("model", file.Path), cancellationToken, file.Size);
            }

            tiers.Add(new TierFile(tier.Name, scratch.File(Path.Combine("model", tier.Files[0].Path)), tier.IsReference));
        }

        var imagesRoot = await images.PlaceAsync(scratch, spec, table, table.Version.Files, cancellationToken);

        var settings = options.Value;
        var work = new EvaluationWork(spec, tablePath, tiers, scratch.Path, scratch.File("predictions.parquet"), imagesRoot,
            spec.Key ?? table.KeyColumn, settings.EngineMemoryMegabytes, settings.MaxSuspects);
        var message = await process.RunAsync(work, Progress(evaluation.Id), cancellationToken);
        if (message.Outcome is not { } outcome)
        {
            Fail(evaluation, message.Error ?? "The evaluation worker gave no outcome.");
            return;
        }

        var (digest, _) = await derived.StoreFileAsync(work.Predictions, cancellationToken);
        evaluation.PredictionsDigest = digest;
        evaluation.Results = EvaluationRecords.Write(new StoredResults(outcome.Rows, outcome.Skipped, outcome.SkipReason, outcome.Tiers,
            outcome.Gate));
        evaluation.Suspects = EvaluationRecords.Write(outcome.Suspects);
        evaluation.SuspectCount = outcome.SuspectCount;
        evaluation.RowsDone = outcome.Rows + outcome.Skipped;
        evaluation.RowCount = outcome.Rows + outcome.Skipped;
        evaluation.State = EvaluationTerms.Succeeded;
        evaluation.CompletedAt = clock.GetUtcNow();
    }

    private async Task<string> PlaceAsync(ScratchFolder scratch, string digest, string name, CancellationToken cancellationToken,
        long? size = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(scratch.File(name))!);
        size ??= await db.Blobs.Where(b => b.Digest == digest).Select(b => b.Size).SingleAsync(cancellationToken);
        return await scratch.PlaceAsync(digest, size.Value, name, cancellationToken);
    }

    /// <summary>Records progress at most once a second, in a scope of its own (the job's context holds the evaluation).</summary>
    private Func<long, long, Task> Progress(long id)
    {
        var last = DateTimeOffset.MinValue;
        return async (done, total) =>
        {
            var now = clock.GetUtcNow();
            if (now - last < ProgressInterval && done < total)
            {
                return;
            }

            last = now;
            await using var scope = scopes.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
            await context.Evaluations.Where(e => e.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.RowsDone, done).SetProperty(e => e.RowCount, total));
        };
    }

    private void Fail(Evaluation evaluation, string error)
    {
        evaluation.State = EvaluationTerms.Failed;
        evaluation.Error = error.Length > 4096 ? error[..4096] : error;
        evaluation.CompletedAt = clock.GetUtcNow();
    }
}
