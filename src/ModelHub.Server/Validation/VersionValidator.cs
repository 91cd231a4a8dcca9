using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Evaluations;
using ModelHub.Server.Jobs;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Validation;

/// <summary>
/// Validates one claimed version: takes the validation begun while the version was saved, or starts one (the
/// <see cref="ValidationStarter"/> copies its files to a scratch folder and runs the isolated validator), and hands the
/// verdict to the <see cref="VersionPublisher"/> (with the version's accuracy gate, when it declares one).
/// </summary>
public sealed class VersionValidator(ModelHubDbContext db, ValidationStarter starter, VersionPublisher publisher, EvaluationGate gates,
    TimeProvider clock, ILogger<VersionValidator> logger) : IJobHandler
{
    public const int MaxAttempts = 3;

    public string Kind => JobKinds.Validation;

    public Task RunAsync(ClaimedJob claimed, CancellationToken cancellationToken) => RunAsync(claimed.Id, cancellationToken);

    public async Task RunAsync(long jobId, CancellationToken cancellationToken)
    {
        // Step times for the log: where a validation's wall time goes beyond the worker's own (see the validation benchmark).
        var watch = Stopwatch.StartNew();
        // Begun while the version was saved, or started below; this run ends it either way (stops it, deletes its scratch).
        var run = starter.Take(jobId);
        var early = run is not null;
        try
        {
            var job = await db.Jobs.Include(j => j.Version).ThenInclude(v => v.Files)
                .Include(j => j.Version).ThenInclude(v => v.Variants)
                .Include(j => j.Version).ThenInclude(v => v.Repository).ThenInclude(r => r.Owner)
                // One round trip, not four: a model version has few files and tiers, so the joined rows stay few (on
                // PostgreSQL each round trip costs the validation 1-2 ms).
                .AsSingleQuery().SingleAsync(j => j.Id == jobId, cancellationToken);
            var version = job.Version;
            var loaded = watch.Elapsed.TotalMilliseconds;
            run ??= starter.Start(version, cancellationToken);
            ValidationReport report;
            try
            {
                report = await run.Report;
            }
            catch (Exception e) when (e is not OperationCanceledException && job.Attempts >= MaxAttempts)
            {
                logger.LogError(e, "Validation of version {VersionId} failed to run {Attempts} times; rejecting it",
                    version.Id, job.Attempts);
                report = new ValidationReport(false, $"validation could not run: {e.Message}", [], 0);
            }

            var validated = watch.Elapsed.TotalMilliseconds;
            await publisher.FinishValidationAsync(job, report, await PlanGateAsync(job, report, cancellationToken));
            logger.LogInformation("Version {VersionId} {State} after validation in {ElapsedMs:0} ms ({Start}; queued {QueuedMs:0} ms "
                + "before the claim; job loaded {LoadedMs:0} ms, scratch ready {PreparedMs:0} ms after the validation began, worker "
                + "done {ValidatedMs:0} ms, verdict saved {SavedMs:0} ms after it)", version.Id, version.State, report.ElapsedMs,
                early ? "begun while the version was saved" : "begun when claimed",
                (clock.GetUtcNow() - job.CreatedAt).TotalMilliseconds - watch.Elapsed.TotalMilliseconds, loaded,
                run.Prepared.IsCompletedSuccessfully ? run.Prepared.Result : double.NaN, validated, watch.Elapsed.TotalMilliseconds);
        }
        finally
        {
            run?.End();
        }
    }

    /// <summary>
    /// A version with an accuracy gate is judged on real data: its evaluation is planned now that its models are known. A
    /// plan that keeps failing (the store unreachable) becomes the gate's failure on the last attempt, so the version is
    /// rejected with it rather than left validating.
    /// </summary>
    private async Task<GatePlan?> PlanGateAsync(Job job, ValidationReport report, CancellationToken cancellationToken)
    {
        try
        {
            return await gates.PlanAsync(job.Version, report, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && job.Attempts >= MaxAttempts)
        {
            logger.LogError(e, "The accuracy gate of version {VersionId} could not be planned {Attempts} times", job.Version.Id,
                job.Attempts);
            return new GatePlan(null, "", "", 0, $"the gate could not be planned: {e.Message}");
        }
    }
}
