using System.Text.Json;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Isolation;

namespace ModelHub.Datasets.Worker;

/// <summary>
/// The isolated datasets worker: reads a WorkerRequest as JSON on stdin, writes a WorkerResponse as one JSON line on stdout.
/// It parses what users upload (CSV, JSONL and Parquet through DuckDB, images through Skia), native code fed untrusted
/// bytes: a crash or a runaway allocation takes down this process only, and the server enforces the time limit and the
/// memory cap from outside.
/// </summary>
internal static class WorkerProgram
{
    public static async Task<int> Main()
    {
        var request = await JsonSerializer.DeserializeAsync<WorkerRequest>(Console.OpenStandardInput(), WorkerJson.Options)
            ?? throw new InvalidOperationException("No request on stdin.");
        WorkerResponse response;
        try
        {
            response = await Operations.RunAsync(request);
        }
        catch (DatasetException e)
        {
            response = new WorkerResponse(Error: new WorkerError(e.Code, e.Message));
        }

        await using var stdout = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout, response, WorkerJson.Options);
        await stdout.WriteAsync("\n"u8.ToArray());
        await stdout.FlushAsync();
        return 0;
    }
}
