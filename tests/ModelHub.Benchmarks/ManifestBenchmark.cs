using System.Security.Cryptography;
using System.Text.Json;
using ModelHub.TestModels;

namespace ModelHub.Benchmarks;

/// <summary>Manifest requests per second over 64 loopback connections, against a constant-JSON endpoint serving the same bytes.</summary>
public static class ManifestBenchmark
{
    public const double RatioTarget = 0.6, P99TargetMs = 5;
    private const int Connections = 64;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task<List<Row>> RunAsync(string serverDll, string stack, Dictionary<string, string> settings)
    {
        await using var server = await ServerProcess.StartAsync(serverDll, settings);
        using var api = Transfers.Client(server.Address);
        (await api.PostAsJsonAsync("/v1/models", new { owner = "bench", name = "tiers" })).EnsureSuccessStatusCode();
        var files = new (string Path, byte[] Bytes)[] { ("model.onnx", Models.MatMul()), ("model_fp16.onnx", Models.MatMulFp16()), ("model_int8.onnx", Models.MatMulInt8()), ("config.json", "{}"u8.ToArray()) };
        foreach (var (_, bytes) in files)
        {
            (await api.PutAsync($"/v1/blobs/{Digest(bytes)}", new ByteArrayContent(bytes))).EnsureSuccessStatusCode();
        }

        (await api.PostAsJsonAsync("/v1/models/bench/tiers/versions", new
        {
            version = "1.0.0",
            files = files.Select(f => new { path = f.Path, digest = Digest(f.Bytes), size = f.Bytes.Length }),
            variants = new object[]
            {
                new { name = "fp32", file = "model.onnx", reference = true, providers = new[] { "cpu" } },
                new { name = "fp16", file = "model_fp16.onnx", providers = new[] { "webgpu" } },
                new { name = "int8", file = "model_int8.onnx", providers = new[] { "cpu", "wasm" } },
            },
        })).EnsureSuccessStatusCode();
        while ((await api.GetFromJsonAsync<JsonElement>("/v1/models/bench/tiers/versions/1.0.0")).GetProperty("state").GetString() == "validating")
        {
            await Task.Delay(50);
        }

        (await api.PutAsJsonAsync("/v1/models/bench/tiers/channels/stable", new { version = "1.0.0" })).EnsureSuccessStatusCode();
        var manifestUrl = new Uri(server.Address, "/v1/models/bench/tiers/manifest?channel=stable&ep=wasm&platform=web&memory=4g");
        var body = await api.GetByteArrayAsync(manifestUrl);

        LoadGenerator.Result constant;
        await using (var bare = await ServerProcess.StartBareJsonAsync(body))
        {
            constant = await LoadGenerator.RunAsync(new Uri(bare.Address, "/json"), Connections, Duration);
        }

        var floor = await LoadGenerator.RunAsync(new Uri(server.Address, "/health/live"), Connections, Duration);
        var manifest = await LoadGenerator.RunAsync(manifestUrl, Connections, Duration);
        var ratio = manifest.RequestsPerSecond / constant.RequestsPerSecond;
        return
        [
            new Row(stack, $"constant JSON ({body.Length} B), {Connections} connections", $"{constant.RequestsPerSecond:0} req/s, p99 {constant.P99Ms:0.0} ms", "", null),
            new Row(stack, "ModelHub's pipeline floor: /health/live", $"{floor.RequestsPerSecond:0} req/s, p99 {floor.P99Ms:0.0} ms", "", null),
            new Row(stack, "manifest (select + sign), same connections", $"{manifest.RequestsPerSecond:0} req/s ({ratio:0.00} ×), p50 {manifest.P50Ms:0.0} ms", $"≥ {RatioTarget} ×", ratio >= RatioTarget),
            new Row(stack, "manifest p99 latency", $"{manifest.P99Ms:0.0} ms ({manifest.Errors} errors)", $"≤ {P99TargetMs} ms", manifest.P99Ms <= P99TargetMs),
        ];
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
