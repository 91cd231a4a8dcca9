using System.Net;
using System.Net.Http.Json;
using System.Text;
using ModelHub.TestModels;

namespace ModelHub.Testing;

/// <summary>
/// A dataset version of <see cref="ClassifierData"/> (<c>points.csv</c>, indexed) and a published model version of
/// <see cref="Classifiers"/> with three tiers: fp32 (reference), fp16 and a damaged one that noise inputs cannot tell apart.
/// </summary>
public static class EvaluationSeed
{
    public const string Table = "points.csv";

    /// <summary>Pushes both (once per server) and runs the indexing job; the model version is <c>1.0.0</c>, the dataset's
    /// <c>1</c>.</summary>
    public static async Task SeedAsync(ServerFixture server, string dataset, string model, ClassifierData data)
    {
        await DatasetJobs.TakeOverAsync(server);
        var admin = server.Admin;
        if (!await ExistsAsync(admin, $"/v1/datasets/{dataset}/versions/1"))
        {
            await CreateAsync(admin, "datasets", dataset);
            var csv = Encoding.UTF8.GetBytes(data.Csv);
            await admin.PutBlobAsync(csv);
            using var response = await admin.PostAsJsonAsync($"/v1/datasets/{dataset}/versions", new
            {
                version = "1",
                files = new[] { new { path = Table, digest = TestData.Digest(csv), size = csv.Length } },
            });
            await response.ExpectAsync(HttpStatusCode.Created);
        }

        await DatasetJobs.RunAsync(server);
        if (await ExistsAsync(admin, $"/v1/models/{model}/versions/1.0.0"))
        {
            return;
        }

        await CreateAsync(admin, "models", model);
        (string Path, byte[] Bytes)[] files =
            [("fp32.onnx", Classifiers.Fp32()), ("fp16.onnx", Classifiers.Fp16()), ("damaged.onnx", Classifiers.Damaged())];
        foreach (var file in files)
        {
            await admin.PutBlobAsync(file.Bytes);
        }

        using var created = await admin.PostAsJsonAsync($"/v1/models/{model}/versions", new
        {
            version = "1.0.0",
            files = files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length }),
            variants = new object[]
            {
                new { name = "fp32", file = "fp32.onnx", reference = true },
                new { name = "fp16", file = "fp16.onnx", precision = "fp16" },
                new { name = "damaged", file = "damaged.onnx", precision = "int8" },
            },
            // Noise inputs cannot tell the damaged tier: the accuracy gate on real rows is what rejects it.
            tolerance = new { minCosine = -1.0 },
        });
        await created.ExpectAsync(HttpStatusCode.Accepted);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((await (await admin.GetAsync($"/v1/models/{model}/versions/1.0.0")).JsonAsync()).GetProperty("state").GetString()
            == "validating" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    private static async Task<bool> ExistsAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task CreateAsync(HttpClient client, string kind, string repository)
    {
        if (!await ExistsAsync(client, $"/v1/{kind}/{repository}"))
        {
            var parts = repository.Split('/');
            await client.CreateRepositoryAsync(parts[0], parts[1], kind);
        }
    }
}
