using System.Text.Json;
using ModelHub.Contracts.Evaluations;
using ModelHub.Datasets;
using ModelHub.Evaluations.Isolation;

namespace ModelHub.Evaluations;

/// <summary>
/// Runs the whole evaluation path once on a tiny table and model — ONNX Runtime, DuckDB (materialising, paging, the
/// predictions Parquet), scoring, suspects and the protocol's reads and writes — so a worker started ahead of need has paid
/// its start-up and JIT costs before its evaluation arrives (the worker runs without tiered compilation: every method first
/// called during the work would be compiled fully optimised then, ~0.2 s over an evaluation); then it starts the DuckDB
/// database its evaluation will use.
/// </summary>
public static class WarmUp
{
    // A Relu over a float [1, 4], as protobuf (ir 8, opset 17): no ONNX tooling in the worker to build one.
    private const string Model = "CAhCAhAROkEKDAoBeBIBeSIEUmVsdRIHd2FybV91cFoTCgF4Eg4KDAgBEggKAggBCgIIBGITCgF5Eg4KDAgBEggKAggBCgIIBA==";

    public static void Run() => RunAsync().GetAwaiter().GetResult();

    private const string Prefix = "modelhub-eval-warm-up-";

    private static async Task RunAsync()
    {
        SweepDeadWorkers();
        var name = $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}";
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), name)).FullName;
        try
        {
            var model = Path.Combine(folder, "m.onnx");
            await File.WriteAllBytesAsync(model, Convert.FromBase64String(Model));
            var csv = Path.Combine(folder, "t.csv");
            await File.WriteAllTextAsync(csv, "id,a,b,c,d,l\n1,0.1,0.9,0.2,0.3,1\n2,0.8,0.1,0.0,0.4,0\n3,0.2,0.1,0.3,0.9,3\n");
            var table = Path.Combine(folder, "t.parquet");
            var engine = new TableEngineOptions { ScratchDirectory = Path.Combine(folder, "engine"), MemoryLimitMb = 64 };
            using (var indexer = new TableEngine(engine))
            {
                await indexer.IndexAsync(csv, table);
            }

            var spec = new EvaluationSpec("a/b@1", "t.csv", Inputs: [new InputMapping("x", ["a", "b", "c", "d"])],
                Output: new OutputMeaning(EvaluationTerms.Classification, Scores: EvaluationTerms.Logits, Label: "l"));
            using var stdin = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new EvaluationWork(spec, table,
                [new TierFile("fp32", model, true)], folder, Path.Combine(folder, "p.parquet"), Key: "id"), EvaluationJson.Options));
            var work = await EvaluationJson.ReadWorkAsync(stdin);
            var outcome = await EvaluationEngine.RunAsync(work, (done, total) => EvaluationJson.Write(Stream.Null,
                new EvaluationMessage(done, total)), new EvaluationTimings());
            EvaluationJson.Write(Stream.Null, new EvaluationMessage(Outcome: outcome));
            Tables.DatabaseStandby.Prepare();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A standby worker killed while it warmed up (a server stopping) left its folder: the next warm-up deletes it.</summary>
    private static void SweepDeadWorkers()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var id = Path.GetFileName(folder)[Prefix.Length..].Split('-')[0];
            if (int.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var pid) && Running(pid))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another worker's sweep, or not ours to delete.
            }
        }
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
