using System.Diagnostics;
using ModelHub.Server.Evaluations;

namespace ModelHub.Server.Tests.Evaluations;

/// <summary>
/// Evaluation workers yield the CPU to the server: by default every thread of the worker runs in the idle scheduling
/// class (Linux SCHED_IDLE), so requests keep their latency while an evaluation takes the cores.
/// </summary>
public sealed class WorkerPriorityTests
{
    private const int SchedIdle = 5;

    [Fact]
    public async Task A_worker_started_with_the_default_priority_runs_every_thread_in_the_idle_class()
    {
        var (info, idle) = EvaluationProcess.StartInfo(new EvaluationOptions());
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        try
        {
            // The worker says it is ready once warmed up: ONNX Runtime and DuckDB have started their threads by then.
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5));

            Assert.True(idle);
            Assert.Contains("ready", ready);
            var threads = Directory.GetDirectories($"/proc/{process.Id}/task");
            Assert.True(threads.Length > 3, $"{threads.Length} threads");
            Assert.All(threads, thread => Assert.Equal(SchedIdle, Policy(thread)));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void Low_and_normal_start_the_worker_itself()
    {
        var (low, idle) = EvaluationProcess.StartInfo(new EvaluationOptions { WorkerPriority = EvaluationOptions.Priorities.Low });

        Assert.False(idle);
        Assert.EndsWith(EvaluationProcess.WorkerAssembly, low.ArgumentList[0]);
    }

    /// <summary>The scheduling policy of a thread: field 41 of its stat line (after the command name, which may hold spaces).</summary>
    private static int Policy(string thread)
    {
        var stat = File.ReadAllText(Path.Combine(thread, "stat"));
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[41 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
