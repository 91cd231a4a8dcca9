using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Data;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Onnx.Validation;
using ModelHub.Server.Evaluations;
using ModelHub.Server.Jobs;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Validation;

/// <summary>
/// Validates one claimed version: copies its files to a scratch folder, runs the isolated validator, and hands the
/// verdict to the <see cref="VersionPublisher"/> (with the version's accuracy gate, when it declares one).
/// </summary>
public sealed class VersionValidator(ModelHubDbContext db, IBlobStore store, OnnxValidator validator, VersionPublisher publisher,
    EvaluationGate gates, IOptions<OnnxValidatorOptions> options, TimeProvider clock, ILogger<VersionValidator> logger)
    : IJobHandler
{
    public const int MaxAttempts = 3;

    public string Kind => JobKinds.Validation;

    public Task RunAsync(ClaimedJob claimed, CancellationToken cancellationToken) => RunAsync(claimed.Id, cancellationToken);

    public async Task RunAsync(long jobId, CancellationToken cancellationToken)
    {
        // Step times for the log: where a validation's wall time goes beyond the worker's own (see the validation benchmark).
        var watch = Stopwatch.StartNew();
        var job = await db.Jobs.Include(j => j.Version).ThenInclude(v => v.Files)
            .Include(j => j.Version).ThenInclude(v => v.Variants)
            .Include(j => j.Version).ThenInclude(v => v.Repository).ThenInclude(r => r.Owner)
            // One round trip, not four: a model version has few files and tiers, so the joined rows stay few (on PostgreSQL
            // each round trip costs the validation 1-2 ms).
            .AsSingleQuery().SingleAsync(j => j.Id == jobId, cancellationToken);
        var version = job.Version;
        var (loaded, prepared, validated) = (watch.Elapsed.TotalMilliseconds, 0.0, 0.0);
        ValidationReport report;
        // Beside a local store's files, so they can be hard-linked in rather than copied.
        var scratchRoot = store.LocalScratchRoot ?? Path.Combine(Path.GetTempPath(), "modelhub-validation");
        var scratch = Path.Combine(scratchRoot, Guid.NewGuid().ToString("N"));
        try
        {
            var request = await PrepareAsync(version, scratch, cancellationToken);
            prepared = watch.Elapsed.TotalMilliseconds;
            report = await validator.ValidateAsync(request, cancellationToken);
            validated = watch.Elapsed.TotalMilliseconds;
        }
        catch (Exception e) when (e is not OperationCanceledException && job.Attempts >= MaxAttempts)
        {
            logger.LogError(e, "Validation of version {VersionId} failed to run {Attempts} times; rejecting it",
                version.Id, job.Attempts);
            report = new ValidationReport(false, $"validation could not run: {e.Message}", [], 0);
        }
        finally
        {
            TryDelete(scratch);
        }

        await publisher.FinishValidationAsync(job, report, await PlanGateAsync(job, report, cancellationToken));
        logger.LogInformation("Version {VersionId} {State} after validation in {ElapsedMs:0} ms (queued {QueuedMs:0} ms before "
            + "the claim; job loaded {LoadedMs:0} ms, scratch ready {PreparedMs:0} ms, worker done {ValidatedMs:0} ms, verdict saved "
            + "{SavedMs:0} ms after it)", version.Id, version.State, report.ElapsedMs,
            (clock.GetUtcNow() - job.CreatedAt).TotalMilliseconds - watch.Elapsed.TotalMilliseconds, loaded, prepared, validated,
            watch.Elapsed.TotalMilliseconds);
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

    private async Task<ValidationRequest> PrepareAsync(RepositoryVersion version, string scratch, CancellationToken cancellationToken)
    {
        // External data is read relative to the model file, so the scratch folder mirrors the version's paths.
        // A local store lends its files through hard links (symbolic links would resolve outside the folder, which
        // ONNX Runtime refuses for external data); a remote one is downloaded.
        foreach (var file in version.Files)
        {
            var local = Path.Combine(scratch, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            if (!Sha256Digest.TryParse(file.Digest, out var digest))
            {
                continue;
            }

            var key = BlobKeys.ForBlob(digest);
            if (store.TryLinkLocal(key, local))
            {
                continue;
            }

            await using var target = new FileStream(
                local, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            if (file.Size > 0)
            {
                await store.CopyToAsync(key, 0, file.Size, target, cancellationToken);
            }
        }

        var variants = version.Variants.ToDictionary(v => v.Path, StringComparer.Ordinal);
        var models = version.Files
            .Where(f => VersionTiers.IsOnnx(f.Path))
            .Select(f => variants.TryGetValue(f.Path, out var v)
                ? new ModelFile(f.Path, Path.Combine(scratch, f.Path), v.Name, v.IsReference, v.Precision)
                : new ModelFile(f.Path, Path.Combine(scratch, f.Path)))
            .ToList();
        var settings = ValidationSettings.Parse(version.ValidationSettings);
        // The memory the version asked for was checked against the maximum at creation; the validator holds it there
        // again, in case an operator lowered the maximum since.
        return new ValidationRequest(models, version.Files.Select(f => f.Path).ToList(), settings.Smoke ?? SmokeSettings.None,
            settings.Tolerance ?? Tolerance.Default, options.Value.Runs, settings.Limits)
        { Root = scratch };
    }

    private void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the validation scratch folder {Folder}", folder);
        }
    }
}
