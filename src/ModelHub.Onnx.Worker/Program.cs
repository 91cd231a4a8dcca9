using System.Text.Json;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Smoke;
using ModelHub.Onnx.Validation;

namespace ModelHub.Onnx.Worker;

/// <summary>
/// The isolated validation worker: reads a ValidationRequest as one JSON line on stdin and writes JSON lines on stdout —
/// one per step (file inspected, file running, file done) and last the ValidationReport. A tier of a split validation
/// then reads one more line, the launcher's word that its reference's outputs are ready. ONNX Runtime runs untrusted
/// models here, so a crash, a runaway allocation or an endless graph takes down this process only; the server's
/// OnnxValidator enforces the time limit and the memory cap from outside, and builds the report from the lines it got.
/// </summary>
internal static class WorkerProgram
{
    /// <summary>Lines come from the validating thread and from the memory sampler: one at a time.</summary>
    private static readonly Lock Output = new();

    public static async Task<int> Main()
    {
        // Started ahead of need: load ONNX Runtime and JIT the run path before the request arrives on stdin.
        WarmUp.Run();
        using var stdin = new StreamReader(Console.OpenStandardInput());
        var request = await stdin.ReadLineAsync() is { Length: > 0 } line
            ? JsonSerializer.Deserialize<ValidationRequest>(line, ValidationJson.Options)
            : null;
        if (request is null)
        {
            throw new InvalidOperationException("No validation request on stdin.");
        }

        await using var stdout = Console.OpenStandardOutput();
        var report = ValidationEngine.Run(request, update => Write(stdout, update), () => stdin.ReadLine() == FilePart.ReferenceReady);
        // Flushed at once: the server takes the report as soon as the line ends, before this process has torn down.
        Write(stdout, new WorkerEvent(WorkerEvent.Final, Report: report));
        return 0;
    }

    private static void Write(Stream stdout, WorkerEvent update)
    {
        lock (Output)
        {
            JsonSerializer.Serialize(stdout, update, ValidationJson.Options);
            stdout.Write("\n"u8);
            stdout.Flush();
        }
    }
}
