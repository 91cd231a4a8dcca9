using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// Validates in a separate process (ModelHub.Onnx.Worker) with a wall-clock timeout and a resident-memory cap, so a
/// corrupt, hostile or endless model never takes the caller down. Kills the worker and reports why when a limit is hit.
/// </summary>
public sealed class OnnxValidator(IOptions<OnnxValidatorOptions> options) : IDisposable
{
    public const string WorkerAssembly = "ModelHub.Onnx.Worker.dll";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly Lock _gate = new();
    private Process? _standby;
    private bool _keepWarm;

    /// <summary>
    /// Keeps one worker started ahead of need, so a validation does not wait for .NET and ONNX Runtime to start.
    /// Each worker still validates one version only: isolation is per job. The next one is started when a validation
    /// ends, not while it runs: its start-up would take a core from the model being validated.
    /// </summary>
    public void KeepWarm()
    {
        lock (_gate)
        {
            _keepWarm = true;
            _standby ??= Start(options.Value);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _keepWarm = false;
            Kill(_standby);
            _standby?.Dispose();
            _standby = null;
        }
    }

    public async Task<ValidationReport> ValidateAsync(ValidationRequest request, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var watch = Stopwatch.StartNew();
        using var process = TakeWorker(settings);
        try
        {
            return await RunAsync(process, request, settings, watch, cancellationToken);
        }
        finally
        {
            Replenish(settings);
        }
    }

    private static async Task<ValidationReport> RunAsync(Process process, ValidationRequest request, OnnxValidatorOptions settings, Stopwatch watch, CancellationToken cancellationToken)
    {
        // The report is one line: taken as soon as it arrives, not when the worker has finished tearing down ONNX Runtime.
        var reportLine = process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();
        var stderr = ReadTailAsync(process.StandardError, 4096);
        await JsonSerializer.SerializeAsync(process.StandardInput.BaseStream, request, ValidationJson.Options, cancellationToken);
        process.StandardInput.Close();

        var exited = process.WaitForExitAsync(CancellationToken.None);
        var capBytes = (long)settings.MemoryCapMegabytes * 1024 * 1024;
        string? killedBecause = null;
        long peak = 0;
        try
        {
            while (true)
            {
                await Task.WhenAny(reportLine, exited, Task.Delay(Poll, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (reportLine.IsCompletedSuccessfully && reportLine.Result is { } line && TryParse(line) is { } report)
                {
                    Kill(process);
                    return report;
                }

                if (exited.IsCompleted)
                {
                    break;
                }

                peak = Math.Max(peak, ResidentBytes(process));
                if (peak > capBytes)
                {
                    killedBecause = $"exceeded memory cap {settings.MemoryCapMegabytes} MB";
                }
                else if (watch.Elapsed > settings.Timeout)
                {
                    killedBecause = $"killed after {settings.Timeout.TotalSeconds:0.#} s";
                }

                if (killedBecause is not null)
                {
                    process.Kill(entireProcessTree: true);
                    await exited;
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (killedBecause is not null)
        {
            return Rejected(request, $"validation {killedBecause}", watch);
        }

        // The worker may have exited just after writing the report, before the line was read above.
        if (await reportLine is { } last && process.ExitCode == 0 && TryParse(last) is { } final)
        {
            return final;
        }

        var error = (await stderr).Trim();
        return Rejected(request, $"the validation process crashed (exit code {process.ExitCode}){(error.Length > 0 ? $": {LastLine(error)}" : "")}", watch);
    }

    private Process TakeWorker(OnnxValidatorOptions settings)
    {
        lock (_gate)
        {
            var worker = _standby is { HasExited: false } ready ? ready : Start(settings);
            if (!ReferenceEquals(worker, _standby))
            {
                Kill(_standby);
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
                _standby = Start(settings);
            }
        }
    }

    private static Process Start(OnnxValidatorOptions settings) =>
        Process.Start(StartInfo(settings)) ?? throw new InvalidOperationException("The validation worker did not start.");

    private static void Kill(Process? process)
    {
        try
        {
            process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static ValidationReport Rejected(ValidationRequest request, string reason, Stopwatch watch) =>
        new(false, reason, request.Models.Select(m => new FileReport(m.Path, m.Variant, m.IsReference, FileReport.Failed, reason, null)).ToList(),
            watch.Elapsed.TotalMilliseconds);

    private static ProcessStartInfo StartInfo(OnnxValidatorOptions settings)
    {
        var worker = settings.WorkerPath is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, WorkerAssembly);
        if (!File.Exists(worker))
        {
            throw new FileNotFoundException($"The validation worker is missing; set {OnnxValidatorOptions.Section}:WorkerPath.", worker);
        }

        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(worker);
        // The managed heap is capped too; ONNX Runtime's native memory is watched from here.
        info.Environment["DOTNET_GCHeapHardLimit"] = ((long)settings.MemoryCapMegabytes * 1024 * 1024).ToString("X");
        info.Environment["DOTNET_TieredPGO"] = "0";
        return info;
    }

    /// <summary>The dotnet host running us (tests run under it too), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    private static long ResidentBytes(Process process)
    {
        try
        {
            process.Refresh();
            return process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    private static ValidationReport? TryParse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ValidationReport>(json, ValidationJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> ReadTailAsync(StreamReader reader, int max)
    {
        var buffer = new char[8192];
        var tail = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > max)
            {
                tail.Remove(0, tail.Length - max);
            }
        }

        return tail.ToString();
    }

    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? text;
}
