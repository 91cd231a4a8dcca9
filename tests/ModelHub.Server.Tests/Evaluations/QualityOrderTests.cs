namespace ModelHub.Server.Tests.Evaluations;

/// <summary>
/// Once an evaluation has measured every tier, the manifest orders tiers by measured accuracy rather than by precision:
/// a reference fp32 tier with damaged weights loses to the sound fp16 tier on a device that runs both, and the reason
/// names the evaluation. The manifest asked before the evaluation is not served again after it.
/// </summary>
public abstract class QualityOrderTests(ServerFixture server)
{
    private const string Dataset = "lab/points";
    private const string Model = "lab/ordered";
    private static readonly ClassifierData Data = ClassifierData.Generate(600, 0.1);

    [Fact]
    public async Task The_manifest_prefers_the_tier_the_evaluation_measured_as_more_accurate_and_says_so()
    {
        await EvaluationJobs.TakeOverAsync(server);
        await EvaluationSeed.SeedAsync(server, Dataset, "lab/linear", Data);
        await server.Admin.CreateRepositoryAsync("lab", "ordered", "models");
        await server.Admin.PushAndWaitAsync(Model, "1.0.0", [("fp32.onnx", Classifiers.Damaged()), ("fp16.onnx", Classifiers.Fp16())],
            variants: new object[]
            {
                new { name = "fp32", file = "fp32.onnx", reference = true, precision = "fp32" },
                new { name = "fp16", file = "fp16.onnx", precision = "fp16" },
            },
            tolerance: new { minCosine = -1.0 });
        var before = await ManifestAsync();

        using var started = await server.Admin.PostAsJsonAsync($"/v1/models/{Model}/versions/1.0.0/evaluations",
            ClassifierData.Spec($"{Dataset}@1", EvaluationSeed.Table));
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var id = (await started.JsonAsync()).GetProperty("id").GetInt64();
        await EvaluationJobs.RunAsync(server);
        var after = await ManifestAsync();

        Assert.Equal("fp32", before.GetProperty("variant").GetProperty("name").GetString());
        Assert.DoesNotContain("evaluation", before.GetProperty("reason").GetString());
        Assert.Equal("fp16", after.GetProperty("variant").GetProperty("name").GetString());
        Assert.Contains($"quality order measured by evaluation {id} on {Dataset}@1 (points.csv)",
            after.GetProperty("reason").GetString());
        Assert.Equal("fp32", Assert.Single(after.GetProperty("fallbacks").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_regression_orders_its_tiers_by_the_smaller_error()
    {
        const string sums = "lab/sums", model = "lab/summer";
        await EvaluationJobs.TakeOverAsync(server);
        await DatasetJobs.TakeOverAsync(server);
        await server.Admin.CreateRepositoryAsync("lab", "sums", "datasets");
        var csv = System.Text.Encoding.UTF8.GetBytes(Regressors.SumsCsv(200));
        await server.Admin.PutBlobAsync(csv);
        using (var data = await server.Admin.PostAsJsonAsync($"/v1/datasets/{sums}/versions", new
        {
            version = "1",
            files = new[] { new { path = "sums.csv", digest = TestData.Digest(csv), size = csv.Length } },
        }))
        {
            await data.ExpectAsync(HttpStatusCode.Created);
        }

        await DatasetJobs.RunAsync(server);
        await server.Admin.CreateRepositoryAsync("lab", "summer", "models");
        // The reference is off by half of b; the tier declared fp16 (a precision ranked lower) computes the sum exactly.
        await server.Admin.PushAndWaitAsync(model, "1.0.0", [("fp32.onnx", Regressors.Sum(1, 0.5f)), ("fp16.onnx", Regressors.Sum())],
            variants: new object[]
            {
                new { name = "fp32", file = "fp32.onnx", reference = true, precision = "fp32" },
                new { name = "fp16", file = "fp16.onnx", precision = "fp16" },
            },
            tolerance: new { minCosine = -1.0, maxRelativeError = 100.0 });
        var before = await ManifestAsync(model);

        using var started = await server.Admin.PostAsJsonAsync($"/v1/models/{model}/versions/1.0.0/evaluations", new
        {
            dataset = $"{sums}@1",
            table = "sums.csv",
            inputs = new[] { new { name = "x", columns = new[] { "a", "b" } } },
            output = new { task = "regression", target = "y" },
        });
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var id = (await started.JsonAsync()).GetProperty("id").GetInt64();
        await EvaluationJobs.RunAsync(server);
        var after = await ManifestAsync(model);

        Assert.Equal("fp32", before.GetProperty("variant").GetProperty("name").GetString());
        Assert.Equal("fp16", after.GetProperty("variant").GetProperty("name").GetString());
        Assert.Contains($"quality order measured by evaluation {id} on {sums}@1 (sums.csv, lowest RMSE first)",
            after.GetProperty("reason").GetString());
    }

    private async Task<JsonElement> ManifestAsync(string model = Model)
    {
        using var response = await server.Anonymous.GetAsync($"/v1/models/{model}/manifest?version=1.0.0&ep=cpu&memory=16g");
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }
}

public sealed class QualityOrderTestsOnEmbedded(EmbeddedServerFixture server)
    : QualityOrderTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class QualityOrderTestsOnPostgresS3(ExternalServerFixture server)
    : QualityOrderTests(server), IClassFixture<ExternalServerFixture>;
