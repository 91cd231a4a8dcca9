using System.Diagnostics;
using ModelHub.Evaluations.Isolation;

namespace ModelHub.Evaluations.Worker;

/// <summary>
/// The isolated evaluation worker: reads an EvaluationWork as JSON on stdin and writes EvaluationMessage lines on stdout
/// (progress, then the outcome or the refusal). It runs untrusted models (ONNX Runtime) on untrusted rows and images
/// (DuckDB, Skia): a crash or a runaway allocation takes down this process only; the server enforces the time limit and
/// the memory cap from outside, as for validation.
/// </summary>
internal static class WorkerProgram
{
    public static async Task<int> Main()
    {
        // Often started ahead of need: pay for loading ONNX Runtime and DuckDB before the work arrives on stdin.
        WarmUp.Run();
        await using var stdout = Console.OpenStandardOutput();
        EvaluationJson.Write(stdout, new EvaluationMessage(Ready: true));
        var timings = new EvaluationTimings();
        var since = Stopwatch.GetTimestamp();
        var work = await EvaluationJson.ReadWorkAsync(Console.OpenStandardInput());
        timings.Add(EvaluationStep.Work, since);
        EvaluationMessage last;
        try
        {
            var outcome = await EvaluationEngine.RunAsync(
                work, (done, total) => EvaluationJson.Write(stdout, new EvaluationMessage(done, total)), timings: timings);
            last = new EvaluationMessage(Outcome: outcome);
        }
        catch (EvaluationException e)
        {
            last = new EvaluationMessage(Error: e.Message);
        }

        since = Stopwatch.GetTimestamp();
        EvaluationJson.Write(stdout, last);
        timings.Add(EvaluationStep.Outcome, since);
        if (Environment.GetEnvironmentVariable(EvaluationTimings.Variable) is not null)
        {
            await Console.Error.WriteLineAsync($"evaluation worker: {timings}");
        }

        return 0;
    }
}
