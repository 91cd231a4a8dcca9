using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelHub.Datasets.Isolation;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Runs one operation in the isolated datasets worker (ModelHub.Datasets.Worker) with a wall-clock timeout and a
/// resident-memory cap, so a table or image crafted to crash or exhaust a native parser never takes the server down.
/// A refusal of bad input comes back as the response's error; a crash or a limit raises <see cref="DatasetWorkerException"/>.
/// </summary>
public sealed class DatasetWorker(IOptions<DatasetOptions> options, ILogger<DatasetWorker> logger)
{
    public const string WorkerAssembly = "ModelHub.Datasets.Worker.dll";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public async Task<WorkerResponse> RunAsync(WorkerRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(StartInfo(settings)) ?? throw new InvalidOperationException("The datasets worker did not start.");
        var line = process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await JsonSerializer.SerializeAsync(process.StandardInput.BaseStream, request, WorkerJson.Options, cancellationToken);
        process.StandardInput.Close();
        var exited = process.WaitForExitAsync(CancellationToken.None);
        var cap = (long)settings.WorkerMemoryCapMegabytes * 1024 * 1024;
        try
        {
            while (!exited.IsCompleted)
            {
                await Task.WhenAny(exited, Task.Delay(Poll, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                var reason = Resident(process) > cap ? $"it used more than {settings.WorkerMemoryCapMegabytes} MB of memory"
                    : watch.Elapsed > settings.WorkerTimeout ? $"it ran longer than {settings.WorkerTimeout.TotalSeconds:0} s"
                    : null;
                if (reason is not null)
                {
                    Kill(process);
                    await exited;
                    throw new DatasetWorkerException($"the reader was stopped: {reason}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        if (process.ExitCode == 0 && await line is { } json
            && JsonSerializer.Deserialize<WorkerResponse>(json, WorkerJson.Options) is { } response)
        {
            logger.LogDebug("Datasets worker {Operation} took {ElapsedMs} ms", request.Operation, watch.ElapsedMilliseconds);
            return response;
        }

        var error = (await stderr).Trim();
        logger.LogWarning("The datasets worker failed on {Operation} with exit code {ExitCode}: {Error}",
            request.Operation, process.ExitCode, error);
        throw new DatasetWorkerException($"the reader crashed (exit code {process.ExitCode})");
    }

    private static ProcessStartInfo StartInfo(DatasetOptions settings)
    {
        var worker = settings.WorkerPath is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, WorkerAssembly);
        if (!File.Exists(worker))
        {
            throw new FileNotFoundException($"The datasets worker is missing; set {DatasetOptions.Section}:WorkerPath.", worker);
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
        info.Environment["DOTNET_GCHeapHardLimit"] = ((long)settings.WorkerMemoryCapMegabytes * 1024 * 1024).ToString("X");
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

    private static long Resident(Process process)
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

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
