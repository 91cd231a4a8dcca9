using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.ML.OnnxRuntime;
using ModelHub.Contracts.Evaluations;
using ModelHub.Datasets;
using ModelHub.Evaluations.Isolation;
using ModelHub.TestModels;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace ModelHub.Benchmarks;

/// <summary>
/// An evaluation of 10,000 rows (64 numeric features, a 64→1024→1024→10 MLP of 1.1 M parameters) in the isolated worker, as
/// the server runs it (a worker started ahead of need: from handing it the work to its result, so loading the model, rows
/// through DuckDB, metrics, suspects and the predictions Parquet count, the process start does not),
/// against a bare ONNX Runtime loop in this process over the same rows with the same preprocessing (the rows read from the
/// same Parquet with DuckDB, batches of 64, softmax and argmax), measured in the same run; the best of five each (the machine is
/// shared), the median beside it. The worker and the in-process run print where their time went (stderr).
/// Then the server's responsiveness while it evaluates the same rows: see <see cref="EvaluationResponsiveness"/>.
/// </summary>
public static class EvaluationBenchmark
{
    private const int Rows = 10_000, Features = 64, Hidden = 1024, Classes = 10, Batch = 64;

    /// <summary>Without <paramref name="settings"/>, the engine rows only (no server).</summary>
    public static async Task<List<Row>> RunAsync(string workerDll, string folder, string serverDll, Dictionary<string, string>? settings)
    {
        var table = await TableAsync(folder);
        var model = Path.Combine(folder, "mlp.onnx");
        await File.WriteAllBytesAsync(model, Mlp());
        var columns = Enumerable.Range(0, Features).Select(i => $"f{i}").ToList();
        var spec = new EvaluationSpec("bench/rows@1", "rows.csv", Inputs: [new InputMapping("x", columns)],
            Output: new OutputMeaning(EvaluationTerms.Classification, Scores: EvaluationTerms.Logits, Label: "label"), BatchSize: Batch);
        List<double> evaluation = [], bare = [], inProcess = [];
        for (var run = 0; run < 5; run++)
        {
            bare.Add(await BareAsync(table, model));
            evaluation.Add(await WorkerAsync(workerDll, folder, spec, table, model));
            inProcess.Add(await InProcessAsync(folder, spec, table, model));
        }

        var ratio = evaluation.Min() / bare.Min();
        var medianRatio = Median(evaluation) / Median(bare);
        List<Row> rows =
        [
            new("engine", $"evaluation of {Rows:N0} rows, 1 tier, in the worker", Times(evaluation), "", null),
            new("engine", $"the same evaluation in this process (no worker start)", Times(inProcess), "", null),
            new("engine", $"bare ONNX Runtime loop over the same rows", Times(bare), "", null),
            new("engine", "evaluation / bare loop (best of 5)", $"{ratio:0.00}x (medians: {medianRatio:0.00}x)", "≤ 1.5x", ratio <= 1.5),
        ];
        if (settings is null)
        {
            return rows;
        }

        Console.Error.WriteLine("server: manifest latency before and during an evaluation …");
        var csv = Path.Combine(folder, "rows.csv");
        var responsiveness = await EvaluationResponsiveness.RunAsync(serverDll, settings, csv, await File.ReadAllBytesAsync(model),
            new
            {
                dataset = spec.Dataset,
                table = spec.Table,
                inputs = new[] { new { name = "x", columns } },
                output = new { task = EvaluationTerms.Classification, scores = EvaluationTerms.Logits, label = "label" },
                batchSize = Batch,
            });
        return [.. rows, .. responsiveness];
    }

    private static string Times(List<double> runs) => $"{runs.Min():0} ms (median {Median(runs):0} ms)";

    private static double Median(List<double> runs) => runs.Order().ElementAt(runs.Count / 2);

    private static async Task<double> WorkerAsync(string workerDll, string folder, EvaluationSpec spec, string table, string model)
    {
        var scratch = Directory.CreateDirectory(Path.Combine(folder, "scratch-" + Guid.NewGuid().ToString("N"))).FullName;
        var work = new EvaluationWork(spec, table, [new TierFile("fp32", model, true)], scratch,
            Path.Combine(scratch, "predictions.parquet"), MemoryLimitMb: 128);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(workerDll);
        // The worker writes its step breakdown to stderr (this process's stderr).
        info.Environment[ModelHub.Evaluations.EvaluationTimings.Variable] = "1";
        using var process = Process.Start(info)!;
        // As the server runs it: a worker started ahead of need, handed its work once warmed up.
        await process.StandardOutput.ReadLineAsync();
        var watch = Stopwatch.StartNew();
        await JsonSerializer.SerializeAsync(process.StandardInput.BaseStream, work, EvaluationJson.Options);
        process.StandardInput.Close();
        string? last = null;
        var outcome = 0.0;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            last = line;
            outcome = watch.Elapsed.TotalMilliseconds;
        }

        await process.WaitForExitAsync();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        var message = JsonSerializer.Deserialize<EvaluationMessage>(last!, EvaluationJson.Options)!;
        if (message.Outcome?.Rows != Rows)
        {
            throw new InvalidOperationException($"The evaluation did not run every row: {last}");
        }

        Console.Error.WriteLine(
            $"  worker: outcome read at {outcome:0} ms (process gone at {elapsed:0} ms), accuracy {message.Outcome.Tiers[0].Accuracy:P1}");
        Directory.Delete(scratch, recursive: true);
        // The server takes the result when its line arrives and does not wait for the worker's teardown.
        return outcome;
    }

    private static async Task<double> InProcessAsync(string folder, EvaluationSpec spec, string table, string model)
    {
        var scratch = Directory.CreateDirectory(Path.Combine(folder, "scratch-" + Guid.NewGuid().ToString("N"))).FullName;
        var work = new EvaluationWork(spec, table, [new TierFile("fp32", model, true)], scratch,
            Path.Combine(scratch, "predictions.parquet"), MemoryLimitMb: 128);
        var watch = Stopwatch.StartNew();
        var timings = new ModelHub.Evaluations.EvaluationTimings();
        await ModelHub.Evaluations.EvaluationEngine.RunAsync(work, timings: timings);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        Console.Error.WriteLine($"  in process: {elapsed:0} ms ({timings})");
        Directory.Delete(scratch, recursive: true);
        return elapsed;
    }

    private static async Task<double> BareAsync(string table, string model)
    {
        var watch = Stopwatch.StartNew();
        var features = new float[Rows * Features];
        var labels = new int[Rows];
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            var select = string.Join(", ", Enumerable.Range(0, Features).Select(i => $"CAST(f{i} AS DOUBLE)"));
            command.CommandText = $"SELECT CAST(label AS VARCHAR), {select} FROM read_parquet('{table}') ORDER BY __modelhub_row";
            using var reader = await command.ExecuteReaderAsync();
            for (var row = 0; await reader.ReadAsync(); row++)
            {
                labels[row] = int.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
                for (var f = 0; f < Features; f++)
                {
                    features[row * Features + f] = (float)reader.GetDouble(f + 1);
                }
            }
        }

        var read = watch.Elapsed.TotalMilliseconds;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        var loaded = watch.Elapsed.TotalMilliseconds;
        using var runOptions = new RunOptions();
        var correct = 0;
        var probabilities = new double[Classes];
        for (var start = 0; start < Rows; start += Batch)
        {
            var count = Math.Min(Batch, Rows - start);
            var batch = features[(start * Features)..((start + count) * Features)];
            using var input = OrtValue.CreateTensorValueFromMemory(batch, [count, Features]);
            using var results = session.Run(runOptions, ["x"], [input], ["logits"]);
            var logits = results[0].GetTensorDataAsSpan<float>();
            for (var i = 0; i < count; i++)
            {
                var slice = logits.Slice(i * Classes, Classes);
                var max = double.NegativeInfinity;
                foreach (var l in slice)
                {
                    max = Math.Max(max, l);
                }

                var sum = 0.0;
                var best = 0;
                for (var c = 0; c < Classes; c++)
                {
                    probabilities[c] = Math.Exp(slice[c] - max);
                    sum += probabilities[c];
                    best = probabilities[c] > probabilities[best] ? c : best;
                }

                correct += best == labels[start + i] ? 1 : 0;
            }
        }

        var elapsed = watch.Elapsed.TotalMilliseconds;
        Console.Error.WriteLine(
            $"  bare: {elapsed:0} ms (rows {read:0}, session {loaded - read:0}, inference {elapsed - loaded:0} ms), "
            + $"accuracy {(double)correct / Rows:P1}");
        return elapsed;
    }

    /// <summary>The rows as a CSV (features and a label from a random teacher), materialised by the table engine.</summary>
    private static async Task<string> TableAsync(string folder)
    {
        var random = new Random(7);
        var csv = new StringBuilder(string.Join(",", Enumerable.Range(0, Features).Select(i => $"f{i}")) + ",label\n");
        for (var row = 0; row < Rows; row++)
        {
            csv.Append(string.Join(",", Enumerable.Range(0, Features)
                .Select(_ => (random.NextDouble() * 2 - 1).ToString("0.####", CultureInfo.InvariantCulture))));
            csv.Append(',').Append(random.Next(Classes)).Append('\n');
        }

        var source = Path.Combine(folder, "rows.csv");
        await File.WriteAllTextAsync(source, csv.ToString());
        var materialised = Path.Combine(folder, "rows.parquet");
        using var engine = new TableEngine(
            new TableEngineOptions { ScratchDirectory = Path.Combine(folder, "engine"), MemoryLimitMb = 256 });
        await engine.IndexAsync(source, materialised);
        return materialised;
    }

    private static byte[] Mlp()
    {
        var builder = new GraphBuilder("mlp")
            .Input("x", DataType.Float, "batch", Features).Output("logits", DataType.Float, "batch", Classes);
        var (width, input, seed) = (Features, "x", 1);
        foreach (var (next, name) in new[] { (Hidden, "h1"), (Hidden, "h2"), (Classes, "logits") })
        {
            var scale = (float)Math.Sqrt(2.0 / width);
            builder.Initializer(Tensors.Float($"w_{name}", [.. Tensors.Random(width * next, seed++).Select(w => w * scale)], width, next))
                .Initializer(Tensors.Float($"b_{name}", Tensors.Random(next, seed++), next))
                .Node("MatMul", [input, $"w_{name}"], [$"{name}_m"]);
            if (name == "logits")
            {
                builder.Node("Add", [$"{name}_m", $"b_{name}"], [name]);
            }
            else
            {
                builder.Node("Add", [$"{name}_m", $"b_{name}"], [$"{name}_a"]).Node("Relu", [$"{name}_a"], [name]);
            }

            (width, input) = (next, name);
        }

        return builder.Bytes();
    }
}
