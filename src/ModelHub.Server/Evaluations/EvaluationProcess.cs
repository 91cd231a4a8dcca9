using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelHub.Evaluations.Isolation;
using ModelHub.Isolation;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// Runs one evaluation in the isolated worker (ModelHub.Evaluations.Worker) with a wall-clock timeout and a resident-memory
/// cap, like validation: an untrusted model, table or image that crashes or exhausts native code takes down that process
/// only. Progress lines are handed to the caller as they come; the last line is the outcome or the refusal. Once an
/// evaluation has run, one worker is kept started ahead of need (ONNX Runtime and DuckDB loaded), started when the previous
/// evaluation ends so it never takes a core from a running one; the limits count from when it is handed its work.
/// </summary>
public sealed class EvaluationProcess(IOptions<EvaluationOptions> options, ILogger<EvaluationProcess> logger) : IDisposable
{
    public const string WorkerAssembly = "ModelHub.Evaluations.Worker.dll";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private Process? _standby;

    public async Task<EvaluationMessage> RunAsync(EvaluationWork work, Func<long, long, Task> progress, CancellationToken cancellationToken)
    {
        try
        {
            using var process = TakeStandby() ?? Start(options.Value);
            return await RunAsync(process, work, progress, cancellationToken);
        }
        finally
        {
            StartStandby();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_standby is not null)
            {
                WorkerProcesses.Kill(_standby);
                _standby.Dispose();
                _standby = null;
            }
        }
    }

    private void StartStandby()
    {
        if (!options.Value.KeepWorkerWarm)
        {
            return;
        }

        lock (_gate)
        {
            if (_standby is null or { HasExited: true })
            {
                _standby?.Dispose();
                _standby = Start(options.Value);
            }
        }
    }

    private Process? TakeStandby()
    {
        lock (_gate)
        {
            var standby = _standby;
            _standby = null;
            if (standby is { HasExited: true })
            {
                standby.Dispose();
                return null;
            }

            return standby;
        }
    }

    private static Process Start(EvaluationOptions settings)
    {
        var (info, idle) = StartInfo(settings);
        var process = Process.Start(info) ?? throw new InvalidOperationException("The evaluation worker did not start.");
        // An evaluation is batch work that may take every core for minutes: the server's requests go first. SCHED_IDLE is
        // set at exec, so every thread has it; else below normal priority (nice 10 on Linux).
        if (!idle && settings.WorkerPriority != EvaluationOptions.Priorities.Normal)
        {
            WorkerProcesses.Lower(process);
        }

        return process;
    }

    private async Task<EvaluationMessage> RunAsync(Process process, EvaluationWork work, Func<long, long, Task> progress,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var watch = Stopwatch.StartNew();
        var stderr = WorkerProcesses.ReadTailAsync(process.StandardError, 4096);
        await JsonSerializer.SerializeAsync(process.StandardInput.BaseStream, work, EvaluationJson.Options, cancellationToken);
        process.StandardInput.Close();
        EvaluationMessage? last = null;
        var final = false;
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                var message = JsonSerializer.Deserialize<EvaluationMessage>(line, EvaluationJson.Options);
                if (message is { Ready: true })
                {
                    continue;
                }

                if (message is { Done: { } done, Total: { } total })
                {
                    await progress(done, total);
                }
                else
                {
                    last = message;
                    if (message is { Outcome: not null } or { Error: not null })
                    {
                        // The result is taken as soon as its line arrives (the predictions were written before it), not
                        // when the worker has torn DuckDB and ONNX Runtime down. It starts no processes: killed alone.
                        final = true;
                        WorkerProcesses.Kill(process, entireTree: false);
                    }
                }
            }
        }, CancellationToken.None);
        var stopped = await WorkerProcesses.WatchAsync(
            process, settings.MemoryCapMegabytes, settings.Timeout, watch, Poll, cancellationToken);
        if (stopped is not null)
        {
            throw new EvaluationWorkerException($"the evaluation was stopped: {stopped}");
        }

        await reading;
        if ((process.ExitCode == 0 || final) && last is not null)
        {
            logger.LogInformation("Evaluation worker took {ElapsedMs} ms", watch.ElapsedMilliseconds);
            return last;
        }

        logger.LogWarning("The evaluation worker failed with exit code {ExitCode}: {Error}", process.ExitCode, (await stderr).Trim());
        throw new EvaluationWorkerException($"the evaluation worker crashed (exit code {process.ExitCode})");
    }

    /// <summary>The worker's start, in the idle scheduling class when that is the priority asked and it is possible here.</summary>
    internal static (ProcessStartInfo Info, bool Idle) StartInfo(EvaluationOptions settings)
    {
        var info = WorkerProcesses.StartInfo(
            settings.WorkerPath, WorkerAssembly, EvaluationOptions.Section, (long)settings.MemoryCapMegabytes * 1024 * 1024);
        return (info, settings.WorkerPriority == EvaluationOptions.Priorities.Idle && WorkerProcesses.TryStartIdle(info));
    }
}
