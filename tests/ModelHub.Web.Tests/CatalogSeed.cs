using System.Net.Http.Json;
using ModelHub.Testing;
using ModelHub.TestModels;

namespace ModelHub.Web.Tests;

/// <summary>
/// A small catalog: two models with tiers and cards, a dataset they were trained on, a private model, a rejected version.
/// </summary>
public static class CatalogSeed
{
    public const string Detector = "lab/vision-detector";
    public const string Vad = "lab/speech-vad";
    public const string Data = "lab/coco-subset";
    public const string Secret = "hidden/secret-model";

    public const string HostileCard = """
        # Vision detector

        Detects **objects** in photos. Trained on [coco-subset](/datasets/lab/coco-subset).

        | metric | value |
        |---|---|
        | mAP | 0.42 |

        <script>window.__pwned = true; alert('xss')</script>
        <img src="x" onerror="window.__pwned = true">
        <a href="javascript:window.__pwned = true">click me</a>
        <iframe src="https://evil.example"></iframe>
        <p style="position:fixed;top:0">overlay</p>
        """;

    private static readonly object Tiers = new[]
    {
        new { name = "fp32", file = "model.onnx", reference = true, providers = new[] { "cpu", "cuda" } },
        new { name = "int8", file = "model_int8.onnx", reference = false, providers = new[] { "wasm", "cpu" } },
    };

    public static async Task SeedAsync(ServerFixture server)
    {
        var admin = server.Admin;
        await admin.CreateRepositoryAsync("lab", "coco-subset", kind: "datasets");
        var rows = "image,label\n1.jpg,cat\n2.jpg,dog\n"u8.ToArray();
        await admin.PutBlobAsync(rows);
        (await admin.PostAsJsonAsync($"/v1/datasets/{Data}/versions", new
        {
            version = "3",
            files = new[] { new { path = "labels.csv", digest = TestData.Digest(rows), size = rows.Length } },
        })).EnsureSuccessStatusCode();
        await admin.PatchAsJsonAsync($"/v1/datasets/{Data}", new
        {
            description = "A small labelled image set",
            card = "# COCO subset\n\nTwo images.",
            tags = new[] { "object-detection" },
        });

        await admin.CreateRepositoryAsync("lab", "vision-detector");
        (await admin.PatchAsJsonAsync($"/v1/models/{Detector}", new
        {
            description = "Finds objects in photos",
            card = HostileCard,
            tags = new[] { "object-detection", "vision" },
        })).EnsureSuccessStatusCode();
        foreach (var (version, seed) in new[] { ("1.0.0", 1), ("2.0.0", 2) })
        {
            await PushAsync(admin, Detector, version, seed, Tiers, datasets: [$"{Data}@3"]);
        }

        await admin.MoveChannelAsync(Detector, "stable", "1.0.0");
        await admin.MoveChannelAsync(Detector, "beta", "2.0.0");

        // A version whose int8 tier disagrees with the reference: rejected, with the numbers.
        var broken = new[] { ("model.onnx", Models.MatMul(3)), ("model_int8.onnx", Models.MatMulBroken(3)) };
        foreach (var file in broken)
        {
            await admin.PutBlobAsync(file.Item2);
        }

        (await admin.PostAsJsonAsync($"/v1/models/{Detector}/versions", new
        {
            version = "2.1.0-rc",
            files = broken.Select(f => new { path = f.Item1, digest = TestData.Digest(f.Item2), size = f.Item2.Length }),
            variants = Tiers,
        })).EnsureSuccessStatusCode();

        await admin.CreateRepositoryAsync("lab", "speech-vad");
        (await admin.PatchAsJsonAsync($"/v1/models/{Vad}", new
        {
            description = "Voice activity detection",
            card = "# VAD\n\nSpeech or not.",
            tags = new[] { "audio-classification" },
        })).EnsureSuccessStatusCode();
        await admin.PushAndWaitAsync(Vad, "0.1.0", [("model.onnx", Models.Add())]);

        await admin.CreateRepositoryAsync("hidden", "secret-model", isPrivate: true);
        (await admin.PatchAsJsonAsync($"/v1/models/{Secret}", new { description = "Nobody may see this" })).EnsureSuccessStatusCode();
        await admin.PushAndWaitAsync(Secret, "1.0.0", [("model.onnx", Models.MatMul(9))]);

        await WaitForVerdictAsync(admin, Detector, "2.1.0-rc");
    }

    private static async Task PushAsync(HttpClient admin, string repo, string version, int seed, object tiers, string[] datasets)
    {
        var files = new[]
        {
            ("model.onnx", Models.MatMul(seed)),
            ("model_int8.onnx", Models.MatMulInt8(seed)),
            ("config.json", "{\"labels\":[\"cat\",\"dog\"]}"u8.ToArray()),
        };
        foreach (var file in files)
        {
            await admin.PutBlobAsync(file.Item2);
        }

        (await admin.PostAsJsonAsync($"/v1/models/{repo}/versions", new
        {
            version,
            notes = $"release {version}",
            files = files.Select(f => new { path = f.Item1, digest = TestData.Digest(f.Item2), size = f.Item2.Length }),
            variants = tiers,
            datasets,
        })).EnsureSuccessStatusCode();
        Assert.Equal("published", (await WaitForVerdictAsync(admin, repo, version)));
    }

    private static async Task<string> WaitForVerdictAsync(HttpClient admin, string repo, string version)
    {
        for (var i = 0; i < 1200; i++)
        {
            var detail = await (await admin.GetAsync($"/v1/models/{repo}/versions/{version}")).JsonAsync();
            var state = detail.GetProperty("state").GetString()!;
            if (state != "validating")
            {
                return state;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{repo}@{version} is still validating");
    }
}
