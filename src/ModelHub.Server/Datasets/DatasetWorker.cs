using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelHub.Datasets.Isolation;
using ModelHub.Isolation;

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
        var stderr = WorkerProcesses.ReadTailAsync(process.StandardError, 4096);
        await JsonSerializer.SerializeAsync(process.StandardInput.BaseStream, request, WorkerJson.Options, cancellationToken);
        process.StandardInput.Close();
        var stopped = await WorkerProcesses.WatchAsync(
            process, settings.WorkerMemoryCapMegabytes, settings.WorkerTimeout, watch, Poll, cancellationToken);
        if (stopped is not null)
        {
            throw new DatasetWorkerException($"the reader was stopped: {stopped}");
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
        var info = WorkerProcesses.StartInfo(settings.WorkerPath, WorkerAssembly, DatasetOptions.Section,
            (long)settings.WorkerMemoryCapMegabytes * 1024 * 1024);
        info.Environment["DOTNET_TieredPGO"] = "0";
        return info;
    }
}
