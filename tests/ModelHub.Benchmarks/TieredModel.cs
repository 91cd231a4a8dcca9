using System.Security.Cryptography;
using System.Text.Json;
using ModelHub.TestModels;

namespace ModelHub.Benchmarks;

/// <summary>The model the manifest benchmarks ask about: three tiers, a shared file, a stable channel.</summary>
public static class TieredModel
{
    /// <summary>The manifest a browser with 4 GB asks for (path and query).</summary>
    public const string ManifestPath = "/v1/models/bench/tiers/manifest?channel=stable&ep=wasm&platform=web&memory=4g";

    /// <summary>Creates <c>bench/tiers</c> 1.0.0, waits for its validation and points <c>stable</c> at it.</summary>
    public static async Task SeedAsync(HttpClient api)
    {
        (await api.PostAsJsonAsync("/v1/models", new { owner = "bench", name = "tiers" })).EnsureSuccessStatusCode();
        var files = new (string Path, byte[] Bytes)[]
        {
            ("model.onnx", Models.MatMul()), ("model_fp16.onnx", Models.MatMulFp16()), ("model_int8.onnx", Models.MatMulInt8()),
            ("config.json", "{}"u8.ToArray()),
        };
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
        while ((await api.GetFromJsonAsync<JsonElement>("/v1/models/bench/tiers/versions/1.0.0")).GetProperty("state").GetString()
            == "validating")
        {
            await Task.Delay(50);
        }

        (await api.PutAsJsonAsync("/v1/models/bench/tiers/channels/stable", new { version = "1.0.0" })).EnsureSuccessStatusCode();
    }

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
