using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using ModelHub.TestModels;

namespace ModelHub.Benchmarks;

/// <summary>Validation wall time of a ~50 MB model against a bare ONNX Runtime session create + run of it.</summary>
public static class ValidationBenchmark
{
    public const double Target = 1.3;

    public static async Task<List<Row>> RunAsync(string serverDll, string stack, Dictionary<string, string> settings, string folder)
    {
        var bytes = Models.Large(50);
        var path = Path.Combine(folder, "large.onnx");
        await File.WriteAllBytesAsync(path, bytes);
        BareRun(path);
        var bare = Enumerable.Range(0, 3).Select(_ => BareRun(path)).Min();

        var withRuns = new Dictionary<string, string>(settings) { ["ModelHub__Validation__Runs"] = "1" };
        await using var server = await ServerProcess.StartAsync(serverDll, withRuns);
        using var api = Transfers.Client(server.Address);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        (await api.PutAsync($"/v1/blobs/{digest}", new ByteArrayContent(bytes))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/v1/models", new { owner = "bench", name = "large" })).EnsureSuccessStatusCode();
        var timings = new List<(TimeSpan Wall, double Worker)>();
        for (var i = 0; i < 3; i++)
        {
            // As pushes arrive: the previous validation has ended and the server has started its next worker.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            timings.Add(await ValidateAsync(api, $"1.0.{i}", digest, bytes.Length));
        }

        var best = timings.MinBy(t => t.Wall);
        var ratio = best.Wall.TotalMilliseconds / bare.TotalMilliseconds;
        return
        [
            new Row(stack, "bare ONNX Runtime: session create + 1 run (50 MB)", $"{bare.TotalMilliseconds:0} ms", "", null),
            new Row(stack, "ModelHub validation, version POST → published",
                $"{best.Wall.TotalMilliseconds:0} ms ({ratio:0.00} × bare; worker {best.Worker:0} ms)",
                $"≤ {Target} × bare", ratio <= Target),
        ];
    }

    private static TimeSpan BareRun(string path)
    {
        var watch = Stopwatch.StartNew();
        using var session = new InferenceSession(path);
        var input = session.InputMetadata.First();
        var shape = input.Value.Dimensions.Select(d => (long)Math.Max(1, d)).ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(new float[shape.Aggregate(1L, (a, b) => a * b)], shape);
        using var results = session.Run(new RunOptions(), [input.Key], [value], session.OutputMetadata.Keys.ToArray());
        return watch.Elapsed;
    }

    private static async Task<(TimeSpan, double)> ValidateAsync(HttpClient api, string version, string digest, long size)
    {
        var watch = Stopwatch.StartNew();
        (await api.PostAsJsonAsync("/v1/models/bench/large/versions",
            new { version, files = new[] { new { path = "model.onnx", digest, size } } })).EnsureSuccessStatusCode();
        while (true)
        {
            var detail = await api.GetFromJsonAsync<JsonElement>($"/v1/models/bench/large/versions/{version}");
            var state = detail.GetProperty("state").GetString();
            if (state != "validating")
            {
                if (state != "published")
                {
                    throw new InvalidOperationException($"The model was {state}: {detail.GetProperty("validation").GetProperty("reason")}");
                }

                return (watch.Elapsed, detail.GetProperty("validation").GetProperty("elapsedMs").GetDouble());
            }

            await Task.Delay(10);
        }
    }
}
