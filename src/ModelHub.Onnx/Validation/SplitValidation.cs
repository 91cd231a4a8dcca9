using System.Diagnostics;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// Validates a version's files side by side, a worker process each, up to <c>parallelism</c> at once, the reference
/// first: a 51 MB reference and its 26 MB fp16 tier load on two cores at the same time. Each file's memory is then its
/// own process's, measured alone. The reference writes the outputs it kept to a scratch file; a tier runs its input
/// sets, waits for the reference and compares in its own worker, so no model output is ever read by the server.
/// The workers together stay within the version's memory cap (see <see cref="WorkerGroup"/>).
/// </summary>
internal static class SplitValidation
{
    public static async Task<ValidationReport> RunAsync(ValidationRequest request, AppliedLimits limits, int parallelism,
        Func<Process> takeWorker, Stopwatch watch, CancellationToken cancellationToken)
    {
        var models = request.Models.OrderByDescending(m => m.IsReference).ToList();
        var reference = models.Any(m => m.Variant is not null && !m.IsReference)
            ? models.FirstOrDefault(m => m.IsReference && m.Variant is not null)
            : null;
        // Beside the version's files when the server laid them out (its scratch goes with them), else in the temp folder.
        var scratch = request.ResolveRoot() is { } root && Directory.Exists(root)
            ? Directory.CreateDirectory(Path.Combine(root, $".modelhub-split-{Guid.NewGuid():N}"))
            : Directory.CreateTempSubdirectory("modelhub-validation-");
        var outputs = Path.Combine(scratch.FullName, "reference.outputs");
        var referenceReady = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var group = new WorkerGroup(limits);
        using var slots = new SemaphoreSlim(parallelism);
        using var stopWatching = new CancellationTokenSource();
        var watching = group.WatchAsync(stopWatching.Token);
        var runs = new List<Task<ValidationReport>>();
        try
        {
            // Slots are taken in order, so the reference always holds one before a tier that waits for it.
            foreach (var model in models)
            {
                await slots.WaitAsync(cancellationToken);
                var part = model == reference ? new FilePart(FilePart.Reference, outputs, reference.Variant)
                    : reference is not null && model.Variant is not null && !model.IsReference
                        ? new FilePart(FilePart.Tier, outputs, reference.Variant)
                        : new FilePart(FilePart.Alone);
                runs.Add(RunFileAsync(request with { Models = [model], Part = part }));
            }

            return Merge(request, await Task.WhenAll(runs), watch);
        }
        finally
        {
            referenceReady.TrySetResult(false);
            await stopWatching.CancelAsync();
            await watching;
            await Task.WhenAll(runs.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
            scratch.Delete(recursive: true);
        }

        async Task<ValidationReport> RunFileAsync(ValidationRequest file)
        {
            try
            {
                while (true)
                {
                    ValidationReport report;
                    WorkerGroup.Member member;
                    using var process = takeWorker();
                    // The member leaves the group before its process object is released.
                    using (member = group.Join(referenceReady.Task))
                    {
                        report = await OnnxValidator.RunAsync(process, file, limits, watch, member, cancellationToken);
                    }

                    if (member.Deferred && !report.Passed)
                    {
                        await group.WaitAloneAsync(member, cancellationToken);
                        continue;
                    }

                    if (file.Part!.Role == FilePart.Reference)
                    {
                        referenceReady.TrySetResult(report.Passed && File.Exists(outputs));
                    }

                    return report;
                }
            }
            catch
            {
                referenceReady.TrySetResult(false);
                throw;
            }
            finally
            {
                slots.Release();
            }
        }
    }

    /// <summary>One report from the files' own, in the version's order; hints are checked against every file's inputs.</summary>
    private static ValidationReport Merge(ValidationRequest request, IReadOnlyList<ValidationReport> reports, Stopwatch watch)
    {
        var failed = reports.Where(r => !r.Passed).ToList();
        var reason = failed.Count == 0 ? null : string.Join("; ", failed.Select(r => r.Reason));
        return ValidationEngine.Report(request, [.. reports.Select(r => r.Files.Single())], reason, watch.Elapsed.TotalMilliseconds,
            checkHints: true);
    }
}
