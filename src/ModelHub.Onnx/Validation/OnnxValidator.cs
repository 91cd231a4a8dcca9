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
/// run at once: each has its own worker process and its own limits.
/// </summary>
public sealed class OnnxValidator(IOptions<OnnxValidatorOptions> options) : IDisposable
{
    public const string WorkerAssembly = WorkerProcess.Assembly;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly Lock _gate = new();
    private Process? _standby;
    private bool _keepWarm;

    /// <summary>
    /// Keeps one worker started ahead of need, so a validation does not wait for .NET and ONNX Runtime to start.
    /// Each worker still validates one version only: isolation is per job. The next one is started when a validation
    /// ends, not while it runs: its start-up would take a core from the model being validated. With several validations
    /// at once, the first takes the waiting worker and the others start their own.
    /// </summary>
    public void KeepWarm()
    {
        lock (_gate)
        {
            _keepWarm = true;
            _standby ??= WorkerProcess.Start(options.Value);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _keepWarm = false;
            WorkerProcesses.Kill(_standby);
            _standby?.Dispose();
            _standby = null;
        }
    }

    public async Task<ValidationReport> ValidateAsync(ValidationRequest request, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var limits = settings.Apply(request.Limits);
        var watch = Stopwatch.StartNew();
        using var process = TakeWorker(settings);
        try
        {
            var report = await RunAsync(process, request, limits, watch, cancellationToken);
            return report with { Limits = limits };
        }
        finally
        {
            // Off the caller's path: starting a process costs milliseconds the report need not wait for.
            _ = Task.Run(() => Replenish(settings), CancellationToken.None);
        }
    }

    private static async Task<ValidationReport> RunAsync(Process process, ValidationRequest request, AppliedLimits limits, Stopwatch watch,
        CancellationToken cancellationToken)
    {
        var progress = new WorkerProgress(request);
        var lines = ReadLinesAsync(process.StandardOutput, progress);
        var stderr = WorkerProcesses.ReadTailAsync(process.StandardError, 4096);
        // The worker gets the cap in force, so it can say the moment its own samples pass it.
        var forWorker = request with { Limits = new ValidationLimits(limits.MemoryCapMegabytes) };
        await JsonSerializer.SerializeAsync(process.StandardInput.BaseStream, forWorker, ValidationJson.Options, cancellationToken);
        process.StandardInput.Close();

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
            var worker = _standby is { HasExited: false } ready ? ready : WorkerProcess.Start(settings);
            if (!ReferenceEquals(worker, _standby))
            {
                WorkerProcesses.Kill(_standby);
                _standby?.Dispose();
            }

            _standby = null;
            return worker;
        }
    }

    private void Replenish(OnnxValidatorOptions settings)
    {
        lock (_gate)
        {
            if (_keepWarm && _standby is null)
            {
                _standby = WorkerProcess.Start(settings);
            }
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? text;
}
