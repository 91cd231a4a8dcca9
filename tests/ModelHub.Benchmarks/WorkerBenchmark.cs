using System.Diagnostics;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Validation;

namespace ModelHub.Benchmarks;

/// <summary>
/// Validation in the worker process against bare ONNX Runtime on the same files, in the same run: the anchor is a
/// session create + one run at the same input shape in a process of its own with ONNX Runtime loaded and warm (see
/// <see cref="BareRuntime"/>), as the worker has one; validation is OnnxValidator.ValidateAsync from a waiting worker,
/// request to report. Cases: one 51 MB model, and that model with its fp16 tier. Rounds alternate anchor and
/// validation; each round first waits for the standby worker the previous validation started to be ready (as a server
/// is between pushes), so its start-up slows neither. The machine is shared, so the best round is the measure (other
/// processes only ever add time); the median is shown beside it.
/// </summary>
public static class WorkerBenchmark
{
    public const double Target = 1.2;
    private const int Rounds = 9;

    public static async Task<List<Row>> RunAsync(string folder)
    {
        var fp32 = Path.Combine(folder, "convnet.onnx");
        var fp16 = Path.Combine(folder, "convnet_fp16.onnx");
        await File.WriteAllBytesAsync(fp32, BenchmarkModels.ConvNet(fp16: false));
        await File.WriteAllBytesAsync(fp16, BenchmarkModels.ConvNet(fp16: true));
        var side = BenchmarkModels.Side;
        var settings = new SmokeSettings(Dims: new Dictionary<string, long> { ["height"] = side, ["width"] = side });
        ModelFile[] single = [new("convnet.onnx", fp32)];
        ModelFile[] pair = [new("convnet.onnx", fp32, "fp32", true), new("convnet_fp16.onnx", fp16, "fp16")];

        using var bareRuntime = BareRuntime.Start();
        using var validator = new OnnxValidator(Options.Create(new OnnxValidatorOptions { Runs = 1, Timeout = TimeSpan.FromMinutes(5) }));
        validator.KeepWarm();
        var rows = new List<Row>();
        foreach (var (name, models) in new[] { ("51 MB fp32 model", single), ("fp32 + fp16 tiers (51 + 26 MB)", pair) })
        {
            var bare = new List<double>();
            var worker = new List<(double Wall, ValidationReport Report)>();
            for (var round = 0; round < Rounds; round++)
            {
                // First the standby worker the previous validation started warms up: it must not share the cores with either.
                await Task.Delay(TimeSpan.FromSeconds(3));
                bare.Add(models.Sum(m => bareRuntime.Measure(m.LocalPath)));
                var request = new ValidationRequest(models, [.. models.Select(m => m.Path)], settings, Tolerance.Default);
                var watch = Stopwatch.StartNew();
                var report = await validator.ValidateAsync(request);
                worker.Add((watch.Elapsed.TotalMilliseconds, report.Passed ? report : throw new InvalidOperationException(report.Reason)));
            }

            rows.AddRange(Rows(name, bare.Skip(1).ToList(), worker.Skip(1).ToList()));
        }

        return rows;
    }

    private static IEnumerable<Row> Rows(string name, List<double> bare, List<(double Wall, ValidationReport Report)> worker)
    {
        var best = worker.MinBy(w => w.Wall);
        var ratio = best.Wall / bare.Min();
        var files = string.Join("; ", best.Report.Files.Select(f =>
            $"{f.Path}: load {f.Smoke!.LoadMs:0} ms, first run {f.Smoke.FirstRunMs:0} ms, peak {f.Memory!.PeakBytes >> 20} MB"));
        var anchor = $"{bare.Min():0} ms (median {Median(bare):0})";
        yield return new Row("worker", $"bare ONNX Runtime: create + 1 run, {name}", anchor, "", null);
        yield return new Row("worker", $"validation in the worker, {name}",
            $"{best.Wall:0} ms (median {Median([.. worker.Select(w => w.Wall)]):0}); **{ratio:0.00} × bare**; "
            + $"worker's own {best.Report.ElapsedMs:0} ms; {files}", $"≤ {Target} × bare", ratio <= Target);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
