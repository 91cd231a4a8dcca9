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
        if (!await SeedSteps.ExistsAsync(admin, $"/v1/datasets/{dataset}/versions/1"))
        {
            await SeedSteps.CreateAsync(admin, "datasets", dataset);
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
        if (await SeedSteps.ExistsAsync(admin, $"/v1/models/{model}/versions/1.0.0"))
        {
            return;
        }

        await SeedSteps.CreateAsync(admin, "models", model);
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
        await SeedSteps.WaitValidatedAsync(admin, model, "1.0.0");
    }
}
