using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Onnx.Validation;
using ModelHub.Server.Blobs;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Validation;

/// <summary>
/// Starts validations: copies a version's files to a scratch folder and runs the isolated validator on them. A validation
/// starts when its job is claimed (<see cref="VersionValidator"/>) or, with a slot held for it on this server, while the
/// request creating the version is still saving it (<see cref="Begin"/>); the job's run then takes it (<see cref="Take"/>).
/// </summary>
public sealed class ValidationStarter(IBlobStore store, OnnxValidator validator, IOptions<OnnxValidatorOptions> options,
    IHostApplicationLifetime lifetime) : IValidationStart, IDisposable
{
    private readonly ConcurrentDictionary<long, Run> _attached = new();

    public IEarlyValidation Begin(RepositoryVersion version) => Start(version, lifetime.ApplicationStopping);

    /// <summary>Starts validating <paramref name="version"/>; its files, tiers and settings are read before this returns.</summary>
    public Run Start(RepositoryVersion version, CancellationToken cancellationToken)
    {
        // On the store's volume when it has one, so its blobs are hard-linked in rather than copied. External data is read
        // relative to the model file, so the folder mirrors the version's paths.
        var scratch = new ScratchFolder(store, "validation");
        var request = Plan(version, scratch.Path);
        var files = version.Files.Select(f => (f.Path, f.Digest, f.Size)).ToList();
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = Stopwatch.StartNew();
        var prepared = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var report = Task.Run(async () =>
        {
            foreach (var (path, digest, size) in files)
            {
                await scratch.PlaceAsync(digest, size, path, cancel.Token);
            }

            prepared.TrySetResult(watch.Elapsed.TotalMilliseconds);
            return await validator.ValidateAsync(request, cancel.Token);
        }, CancellationToken.None);
        return new Run(this, scratch, cancel, report, prepared.Task);
    }

    /// <summary>The validation begun for the job <paramref name="jobId"/> while its version was saved, if any.</summary>
    /// <remarks>The taker ends it (<see cref="Run.End"/>): the request that began it may dispose its handle at any time.</remarks>
    public Run? Take(long jobId) => _attached.TryRemove(jobId, out var run) ? run : null;

    /// <summary>Gives up validations begun for jobs that did not run before the server stopped; their jobs run again later.</summary>
    public void Dispose()
    {
        foreach (var id in _attached.Keys)
        {
            Take(id)?.End();
        }
    }

    private ValidationRequest Plan(RepositoryVersion version, string scratch)
    {
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

    /// <summary>
    /// A running validation. Ending it stops it if it still runs and deletes its scratch folder once it has ended. Disposing
    /// it ends it unless it was attached to a job (<see cref="Attach"/>): then the job's run, which takes it, ends it.
    /// </summary>
    public sealed class Run(ValidationStarter starter, ScratchFolder scratch, CancellationTokenSource cancel,
        Task<ValidationReport> report, Task<double> prepared) : IEarlyValidation
    {
        private int _attached;
        private int _ended;

        /// <summary>The folder the version's files are copied or linked into; deleted once the run has ended and is disposed.</summary>
        public string Scratch => scratch.Path;

        /// <summary>The validator's report; throws what preparing the files or running the validator threw.</summary>
        public Task<ValidationReport> Report => report;

        /// <summary>Milliseconds from the start until the files were in the scratch folder.</summary>
        public Task<double> Prepared => prepared;

        public void Attach(long jobId)
        {
            Volatile.Write(ref _attached, 1);
            starter._attached[jobId] = this;
        }

        public void Dispose()
        {
            if (Volatile.Read(ref _attached) == 0)
            {
                End();
            }
        }

        /// <summary>Stops the validation if it still runs; its scratch folder is deleted once it has ended. Once only.</summary>
        public void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 1)
            {
                return;
            }

            cancel.Cancel();
            // Off the caller's path: the verdict is saved and answered while the folder is deleted.
            report.ContinueWith(_ =>
            {
                scratch.Dispose();
                cancel.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }
}
