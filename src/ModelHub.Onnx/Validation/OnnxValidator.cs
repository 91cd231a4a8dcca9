using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Validation;
using ModelHub.Isolation;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// Validates in a separate process (ModelHub.Onnx.Worker) with a wall-clock timeout and a cap on its resident memory, so
/// a corrupt, hostile or endless model never takes the caller down. Kills the worker when a limit is hit and reports
/// why, naming the file it was running, with everything the worker had reported until then. Several validations may
/// run at once: each has its own worker processes and its own limits. A version's files run side by side, a worker each
/// (<see cref="OnnxValidatorOptions.FileParallelism"/>, see <see cref="SplitValidation"/>).
/// </summary>
public sealed class OnnxValidator(IOptions<OnnxValidatorOptions> options) : IDisposable
{
    public const string WorkerAssembly = WorkerProcess.Assembly;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ReplenishDelay = TimeSpan.FromMilliseconds(200);
    private readonly Lock _gate = new();
    private readonly Stack<Process> _standby = new();
    private bool _keepWarm;

    /// <summary>
    /// Keeps workers started ahead of need (as many as files validate at once), so a validation does not wait for .NET
    /// and ONNX Runtime to start. Each worker still validates one file or version only: isolation is per job. The next
    /// ones are started when a validation ends, not while it runs: their start-up would take a core from the models being
    /// validated. With several validations at once, the first takes the waiting workers and the others start their own.
    /// </summary>
    public void KeepWarm()
    {
        lock (_gate)
        {
            _keepWarm = true;
            Replenish(options.Value);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _keepWarm = false;
            while (_standby.TryPop(out var worker))
            {
                WorkerProcesses.Kill(worker);
                worker.Dispose();
            }
        }
    }

    public async Task<ValidationReport> ValidateAsync(ValidationRequest request, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var limits = settings.Apply(request.Limits);
        var watch = Stopwatch.StartNew();
        try
        {
            ValidationReport report;
            if (request.Models.Count > 1 && settings.FileParallelism > 1)
            {
                report = await SplitValidation.RunAsync(request, limits, settings.FileParallelism, () => TakeWorker(settings), watch,
                    cancellationToken);
            }
            else
            {
                using var process = TakeWorker(settings);
                report = await RunAsync(process, request, limits, watch, null, cancellationToken);
            }

            return report with { Limits = limits };
        }
        finally
        {
            // Off the caller's path, and a moment later: the caller saves the verdict and answers those waiting for it in the
            // next milliseconds, and two .NET processes starting up would take both cores from it.
            _ = Task.Run(async () =>
            {
                await Task.Delay(ReplenishDelay, CancellationToken.None);
                lock (_gate)
                {
                    Replenish(settings);
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Runs <paramref name="request"/> in <paramref name="process"/>, a worker waiting for it, within the limits; with
    /// <paramref name="part"/>, tells the worker when its reference is ready and lets the caller watch it.
    /// </summary>
    internal static async Task<ValidationReport> RunAsync(Process process, ValidationRequest request, AppliedLimits limits,
        Stopwatch watch, WorkerGroup.Member? part, CancellationToken cancellationToken)
    {
        var progress = new WorkerProgress(request);
        part?.Started(process, progress);
        var lines = ReadLinesAsync(process.StandardOutput, progress);
        var stderr = WorkerProcesses.ReadTailAsync(process.StandardError, 4096);
        // The worker gets the cap in force, so it can say the moment its own samples pass it.
        var forWorker = request with { Limits = new ValidationLimits(limits.MemoryCapMegabytes) };
        var stdin = process.StandardInput.BaseStream;
        await JsonSerializer.SerializeAsync(stdin, forWorker, ValidationJson.Options, cancellationToken);
        await stdin.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stdin.FlushAsync(cancellationToken);
        var signalled = request.Part?.Role == FilePart.Tier && part is not null
            ? SignalReferenceAsync(process, part.ReferenceReady)
            : CloseInput(process);

        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            while (true)
            {
                await Task.WhenAny(progress.Final, progress.OverCap, exited, Task.Delay(Poll, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                // The report is taken as soon as its line arrives, not when the worker has torn ONNX Runtime down. The worker
                // starts no processes, so it is killed alone: killing a process tree scans /proc (17-33 ms here).
                if (progress.Final.IsCompleted)
                {
                    WorkerProcesses.Kill(process, entireTree: false);
                    return await progress.Final;
                }

                if (exited.IsCompleted)
                {
                    break;
                }

                if (WorkerLimits.Check(process, progress, limits, watch) is { } breach)
                {
                    process.Kill(entireProcessTree: true);
                    await exited;
                    // Whatever the worker wrote before it died is in the pipe: read it before naming the file.
                    await Task.WhenAny(lines, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
                    var (why, culprit) = WorkerLimits.Explain(breach, progress, limits);
                    return progress.Stopped(why, culprit, watch.Elapsed.TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            await signalled;
        }

        // The worker may have exited just after writing the report, before it was read above.
        await lines;
        if (progress.Final.IsCompleted && process.ExitCode == 0)
        {
            return await progress.Final;
        }

        var error = new ScratchPaths(request.ResolveRoot()).Scrub((await stderr).Trim());
        var running = progress.Running;
        var reason = $"the validation process crashed{WorkerLimits.While(running)} (exit code {process.ExitCode})"
            + (error.Length > 0 ? $": {LastLine(error)}" : "");
        return progress.Stopped(reason, running, watch.Elapsed.TotalMilliseconds);
    }

    private static Task CloseInput(Process process)
    {
        process.StandardInput.Close();
        return Task.CompletedTask;
    }

    /// <summary>Tells a tier's worker whether its reference's outputs are ready once the reference has finished.</summary>
    private static async Task SignalReferenceAsync(Process process, Task<bool> referenceReady)
    {
        var ready = await Task.WhenAny(referenceReady, process.WaitForExitAsync()) == referenceReady && await referenceReady;
        try
        {
            await process.StandardInput.WriteLineAsync(ready ? FilePart.ReferenceReady : "no-reference");
            process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The worker is gone (killed at a limit, or done): nobody is waiting for the word.
        }
    }

    private static async Task ReadLinesAsync(StreamReader reader, WorkerProgress progress)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            progress.Apply(line);
        }
    }

    private Process TakeWorker(OnnxValidatorOptions settings)
    {
        lock (_gate)
        {
            while (_standby.TryPop(out var worker))
            {
                if (!worker.HasExited)
                {
                    return worker;
                }

                worker.Dispose();
            }

            return WorkerProcess.Start(settings);
        }
    }

    /// <summary>Tops the waiting workers up to as many as files validate at once. Call under the gate.</summary>
    private void Replenish(OnnxValidatorOptions settings)
    {
        while (_keepWarm && _standby.Count < settings.FileParallelism)
        {
            _standby.Push(WorkerProcess.Start(settings));
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? text;
}
