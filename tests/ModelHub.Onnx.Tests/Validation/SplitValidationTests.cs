using System.Diagnostics;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Smoke;
using ModelHub.Onnx.Validation;
using ModelHub.TestModels;

namespace ModelHub.Onnx.Tests.Validation;

/// <summary>
/// A version's files validated side by side, a worker each: the verdicts, reasons and agreement numbers are those of
/// one worker running them in turn, and the workers together stay within the version's memory cap.
/// </summary>
public sealed class SplitValidationTests : WorkerTestBase
{
    private static readonly SmokeSettings VadHints =
        new(Inputs: Hints(("audio", new SmokeHint(Shape: [1, 512])), ("sr", new SmokeHint(Values: [16000]))));

    [Fact]
    public async Task Side_by_side_the_report_is_the_one_worker_report()
    {
        var models = new[]
        {
            Write("vad.onnx", RealisticModels.Vad(), "fp32", reference: true),
            Write("vad_int8.onnx", RealisticModels.VadInt8(), "int8"),
            Write("vad_broken.onnx", RealisticModels.Vad(seed: 1001), "broken"),
        };

        var split = await Validator().ValidateAsync(Request(models, VadHints));
        var one = await Validator(fileParallelism: 1).ValidateAsync(Request(models, VadHints));

        Assert.Equal(one.Reason, split.Reason);
        Assert.Equal(one.Files.Select(f => (f.Path, f.Status, f.Reason)), split.Files.Select(f => (f.Path, f.Status, f.Reason)));
        Assert.Equal(one.Files.Select(f => f.Smoke?.InputSets), split.Files.Select(f => f.Smoke?.InputSets));
        Assert.Equal(Agreements(one), Agreements(split));
        Assert.Equal(8, split.Files[1].Agreement![0].Values);
        Assert.StartsWith("tier broken disagrees with the reference tier fp32: output `prob`: cosine similarity", split.Files[2].Reason);
    }

    [Fact]
    public async Task A_tier_whose_reference_failed_runs_without_agreement_as_in_one_worker()
    {
        var models = new[]
        {
            Write("model.onnx", Models.NonFinite(), "fp32", reference: true),
            Write("model_fp16.onnx", Models.MatMulFp16(), "fp16"),
        };

        var report = await Validator().ValidateAsync(Request(models));

        Assert.Equal([FileReport.Failed, FileReport.Passed], report.Files.Select(f => f.Status));
        Assert.StartsWith("model.onnx: output `y` contains NaN or infinite values", report.Reason);
        Assert.Null(report.Files[1].Agreement);
    }

    [Fact]
    public async Task Workers_that_together_pass_the_cap_have_the_one_started_last_stopped_to_run_again_alone()
    {
        var group = new WorkerGroup(new AppliedLimits(MemoryCapMegabytes: 400, MaxMemoryCapMegabytes: 400, null, 600));
        using var first = group.Join(Task.FromResult(false));
        using var second = group.Join(Task.FromResult(false));
        // Two processes of 250 MB each, held until killed: each fits the cap alone, together they do not.
        using var older = Holding(250);
        using var younger = Holding(250);
        first.Started(older, Running("first.onnx"));
        second.Started(younger, Running("second.onnx"));
        using var stop = new CancellationTokenSource();
        var watching = group.WatchAsync(stop.Token);

        Assert.True(younger.WaitForExit(TimeSpan.FromSeconds(60)), "the process started last was not stopped");
        await stop.CancelAsync();
        await watching;

        Assert.True(second.Deferred);
        Assert.False(first.Deferred);
        Assert.False(older.HasExited);
        var alone = group.WaitAloneAsync(second, CancellationToken.None);
        Assert.False(alone.IsCompleted);
        older.Kill();
        await older.WaitForExitAsync();
        await alone.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void The_resident_memory_of_another_process_is_read_from_proc()
    {
        using var process = Holding(100);
        try
        {
            var memory = ProcessMemory.Of(process.Id);

            Assert.NotNull(memory);
            Assert.InRange(memory.Value.Resident, 100L << 20, 1L << 30);
            Assert.True(memory.Value.HighWaterMark >= memory.Value.Resident);
        }
        finally
        {
            process.Kill();
        }
    }

    private static IEnumerable<(string, double?, double?, long)> Agreements(ValidationReport report) =>
        report.Files.SelectMany(f => f.Agreement ?? []).Select(a => (a.Output, a.Cosine, a.RelativeError, a.Values));

    /// <summary>A process that fills and keeps <paramref name="megabytes"/> of resident memory until it is killed.</summary>
    private static Process Holding(int megabytes)
    {
        var script = $"const b = Buffer.alloc({megabytes} * 1024 * 1024, 1); console.log('ready'); "
            + "setInterval(() => b[0]++, 1000); setTimeout(() => process.exit(0), 120000);";
        var process = Process.Start(new ProcessStartInfo("node") { ArgumentList = { "-e", script }, RedirectStandardOutput = true })!;
        Assert.Equal("ready", process.StandardOutput.ReadLine());
        return process;
    }

    private static WorkerProgress Running(string path)
    {
        var request = new ValidationRequest([new ModelFile(path, path)], [path], SmokeSettings.None, Tolerance.Default);
        var progress = new WorkerProgress(request);
        var file = new FileReport(path, null, false, WorkerEvent.Pending, null, null);
        progress.Apply(System.Text.Json.JsonSerializer.Serialize(new WorkerEvent(WorkerEvent.Running, file), ValidationJson.Options));
        return progress;
    }
}
