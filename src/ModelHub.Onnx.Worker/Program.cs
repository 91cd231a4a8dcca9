using System.Text.Json;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Smoke;
using ModelHub.Onnx.Validation;

namespace ModelHub.Onnx.Worker;

/// <summary>
/// The isolated validation worker: reads a ValidationRequest as JSON on stdin, writes a ValidationReport as JSON on
/// stdout. ONNX Runtime runs untrusted models here, so a crash, a runaway allocation or an endless graph takes down
/// this process only; the server's OnnxValidator enforces the time limit and the memory cap from outside.
/// </summary>
internal static class WorkerProgram
{
    public static async Task<int> Main()
    {
        // Started ahead of need: load ONNX Runtime and JIT the run path before the request arrives on stdin.
        WarmUp.Run();
        var request = await JsonSerializer.DeserializeAsync<ValidationRequest>(Console.OpenStandardInput(), ValidationJson.Options)
            ?? throw new InvalidOperationException("No validation request on stdin.");
        var report = ValidationEngine.Run(request);
        // One line, flushed: the server takes the report as soon as the line ends, before this process has torn down.
        await using var stdout = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout, report, ValidationJson.Options);
        await stdout.WriteAsync("\n"u8.ToArray());
        await stdout.FlushAsync();
        return 0;
    }
}
