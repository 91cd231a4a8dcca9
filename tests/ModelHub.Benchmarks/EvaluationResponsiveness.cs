using System.Net;
using System.Text.Json;

namespace ModelHub.Benchmarks;

/// <summary>
/// Whether the server stays responsive while it runs an evaluation: manifest latency under a light closed-loop load
/// (<see cref="Connections"/> connections, the manifest benchmark's load generator) on an idle server, then while the
/// server evaluates the 10,000 rows (the job queue, its standby worker process and the result, as a user's POST runs it).
/// The load runs from the evaluation's POST until it has succeeded; the goal is a p99 within <see cref="Target"/> × idle.
/// </summary>
public static class EvaluationResponsiveness
{
    public const double Target = 2.0;
    private const int Connections = 4, Evaluations = 3;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);

    public static async Task<List<Row>> RunAsync(string serverDll, Dictionary<string, string> settings, string csv, byte[] model,
        object spec)
    {
        await using var server = await ServerProcess.StartAsync(serverDll, settings);
        using var api = Transfers.Client(server.Address);
        await TieredModel.SeedAsync(api);
        await SeedAsync(api, csv, model);
        var manifest = new Uri(server.Address, TieredModel.ManifestPath);
        var path = "/v1/models/bench/mlp/versions/1.0.0/evaluations";
        // The first evaluation also waits for the dataset's indexing job: it warms the path and is not measured.
        await EvaluateAsync(api, path, spec, TimeSpan.FromMinutes(2));

        var idle = new List<LoadGenerator.Result>();
        var busy = new List<(LoadGenerator.Result Load, TimeSpan Took)>();
        for (var round = 0; round < Evaluations; round++)
        {
            idle.Add(await LoadGenerator.RunAsync(manifest, Connections, Idle));
            var evaluation = EvaluateAsync(api, path, spec, TimeSpan.FromMinutes(2));
            var load = await LoadGenerator.RunAsync(manifest, Connections, TimeSpan.FromMinutes(2), evaluation);
            busy.Add((load, await evaluation));
            Console.Error.WriteLine($"  manifest p99 idle {idle[^1].P99Ms:0.0} ms, during an evaluation {load.P99Ms:0.0} ms "
                + $"({busy[^1].Took.TotalMilliseconds:0} ms POST → succeeded, {load.Requests} requests)");
        }

        var idleP99 = Median(idle.Select(r => r.P99Ms));
        var busyP99 = Median(busy.Select(b => b.Load.P99Ms));
        var ratio = busyP99 / idleP99;
        var spread = $"{string.Join(" / ", idle.Select(r => $"{r.P99Ms:0.0}"))} idle; "
            + $"{string.Join(" / ", busy.Select(b => $"{b.Load.P99Ms:0.0}"))} during";
        return
        [
            new("server", $"manifest p99, {Connections} connections, idle server (median of {Evaluations})",
                $"{idleP99:0.0} ms (p50 {Median(idle.Select(r => r.P50Ms)):0.0} ms)", "", null),
            new("server", "manifest p99 while the server evaluates 10,000 rows",
                $"{busyP99:0.0} ms (p50 {Median(busy.Select(b => b.Load.P50Ms)):0.0} ms; evaluation POST → succeeded "
                + $"{Median(busy.Select(b => b.Took.TotalMilliseconds)):0} ms)", "", null),
            new("server", "manifest p99 during / idle", $"{ratio:0.00}x (p99s: {spread})", $"≤ {Target}x", ratio <= Target),
        ];
    }

    private static async Task SeedAsync(HttpClient api, string csv, byte[] model)
    {
        var table = await File.ReadAllBytesAsync(csv);
        (await api.PostAsJsonAsync("/v1/datasets", new { owner = "bench", name = "rows" })).EnsureSuccessStatusCode();
        (await api.PutAsync($"/v1/blobs/{TieredModel.Digest(table)}", new ByteArrayContent(table))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/v1/datasets/bench/rows/versions", new
        {
            version = "1",
            files = new[] { new { path = "rows.csv", digest = TieredModel.Digest(table), size = table.Length } },
        })).EnsureSuccessStatusCode();

        (await api.PostAsJsonAsync("/v1/models", new { owner = "bench", name = "mlp" })).EnsureSuccessStatusCode();
        (await api.PutAsync($"/v1/blobs/{TieredModel.Digest(model)}", new ByteArrayContent(model))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/v1/models/bench/mlp/versions", new
        {
            version = "1.0.0",
            files = new[] { new { path = "mlp.onnx", digest = TieredModel.Digest(model), size = model.Length } },
        })).EnsureSuccessStatusCode();
        while ((await api.GetFromJsonAsync<JsonElement>("/v1/models/bench/mlp/versions/1.0.0")).GetProperty("state").GetString()
            == "validating")
        {
            await Task.Delay(50);
        }
    }

    /// <summary>POSTs an evaluation (again while the dataset is still being indexed) and waits until it has succeeded.</summary>
    private static async Task<TimeSpan> EvaluateAsync(HttpClient api, string path, object spec, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long id;
        while (true)
        {
            using var response = await api.PostAsJsonAsync(path, spec);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
                break;
            }

            if (watch.Elapsed > limit)
            {
                throw new InvalidOperationException($"The evaluation was refused: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(200);
        }

        while (true)
        {
            var evaluation = await api.GetFromJsonAsync<JsonElement>($"{path}/{id}");
            var state = evaluation.GetProperty("state").GetString();
            if (state == "succeeded")
            {
                return watch.Elapsed;
            }

            if (state is "failed" or "cancelled" || watch.Elapsed > limit)
            {
                throw new InvalidOperationException($"The evaluation did not succeed: {evaluation}");
            }

            await Task.Delay(20);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
