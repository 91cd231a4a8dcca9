using System.Text;

namespace ModelHub.Server.Tests.Evaluations;

/// <summary>
/// A version that declares an accuracy gate (<c>evaluation.json</c> with <c>maxAccuracyDrop</c>) is judged on real rows,
/// not on noise: a tier whose logits are all shifted (its noise-input agreement fails, its predictions are the reference's)
/// is published; a damaged tier that a loose tolerance lets through on noise is rejected with the numbers; a gate that
/// cannot run is refused at creation.
/// </summary>
public abstract class GateTests(ServerFixture server)
{
    private const string Dataset = "lab/points";
    private const string Model = "lab/gated";
    private static readonly ClassifierData Data = ClassifierData.Generate(600, 0.1);

    private HttpClient Admin => server.Admin;

    [Fact]
    public async Task A_tier_that_fails_noise_agreement_but_keeps_its_accuracy_on_real_rows_is_published_by_the_gate()
    {
        await SeedAsync();

        await PushAsync("1.0.0", ("shifted.onnx", Classifiers.Shifted()), tolerance: null);
        var waiting = await WaitForGateAsync("1.0.0");
        // The evaluation job is in the database queue: a server that stops now leaves nothing half done.
        await server.RestartAsync();
        await EvaluationJobs.RunAsync(server);
        var detail = await DetailAsync("1.0.0");

        Assert.Equal("running", waiting.GetProperty("validation").GetProperty("gate").GetProperty("state").GetString());
        Assert.Equal("published", detail.GetProperty("state").GetString());
        var report = detail.GetProperty("validation");
        Assert.True(report.GetProperty("passed").GetBoolean());
        var gate = report.GetProperty("gate");
        Assert.Equal("passed", gate.GetProperty("state").GetString());
        Assert.Equal($"{Dataset}@1", gate.GetProperty("dataset").GetString());
        var shifted = File(report, "shifted.onnx");
        Assert.Equal("passed", shifted.GetProperty("status").GetString());
        // The noise agreement is still measured and reported, as information.
        Assert.Contains(shifted.GetProperty("agreement").EnumerateArray(), a => !a.GetProperty("passed").GetBoolean());
        Assert.Contains(shifted.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("noise-input agreement"));
        var tiers = gate.GetProperty("tiers").EnumerateArray().ToDictionary(t => t.GetProperty("tier").GetString()!);
        Assert.Equal(tiers["fp32"].GetProperty("accuracy").GetDouble(), tiers["shifted"].GetProperty("accuracy").GetDouble(), 6);
        var manifest = await Admin.GetAsync($"/v1/models/{Model}/manifest?version=1.0.0");
        await manifest.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_tier_that_passes_noise_agreement_but_drops_accuracy_on_real_rows_is_rejected_with_the_numbers()
    {
        await SeedAsync();

        await PushAsync("2.0.0", ("damaged.onnx", Classifiers.Damaged()), tolerance: new { minCosine = -1.0 });
        await WaitForGateAsync("2.0.0");
        await EvaluationJobs.RunAsync(server);
        var detail = await DetailAsync("2.0.0");

        Assert.Equal("rejected", detail.GetProperty("state").GetString());
        var report = detail.GetProperty("validation");
        Assert.False(report.GetProperty("passed").GetBoolean());
        var damaged = File(report, "damaged.onnx");
        Assert.Equal("failed", damaged.GetProperty("status").GetString());
        Assert.All(damaged.GetProperty("agreement").EnumerateArray(), a => Assert.True(a.GetProperty("passed").GetBoolean()));
        var reason = damaged.GetProperty("reason").GetString()!;
        Assert.Contains($"tier damaged fails the accuracy gate on {Dataset}@1 (points.csv)", reason);
        Assert.Contains("below the reference fp32's", reason);
        Assert.Contains("(at most 2.00 % allowed)", reason);
        Assert.StartsWith("damaged.onnx: tier damaged fails the accuracy gate", report.GetProperty("reason").GetString());
        Assert.Equal("passed", File(report, "fp32.onnx").GetProperty("status").GetString());
        var gate = report.GetProperty("gate");
        Assert.Equal("failed", gate.GetProperty("state").GetString());
        Assert.Equal(0.02, gate.GetProperty("maxAccuracyDrop").GetDouble());
        var tier = gate.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "damaged");
        Assert.True(tier.GetProperty("accuracyDrop").GetDouble() > 0.02);
        Assert.False(tier.GetProperty("passed").GetBoolean());
        using var manifest = await Admin.GetAsync($"/v1/models/{Model}/manifest?version=2.0.0");
        Assert.Equal("version_not_found", await manifest.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_gate_that_cannot_run_is_refused_when_the_version_is_created()
    {
        await SeedAsync();

        using var missing = await CreateAsync("3.0.0", Gate($"{Dataset}@9"));
        using var column = await CreateAsync("3.0.1", ClassifierDataSpecWith(Dataset + "@1", "label_x"));
        using var broken = await CreateAsync("3.0.2", Encoding.UTF8.GetBytes("{ not json"));
        // A writer of team/ who cannot read lab/'s private dataset.
        var (_, token) = await Admin.CreateTokenAsync(["write"], ["team"]);
        using var writer = server.CreateClient(token);
        using var hidden = await CreateAsync("3.0.3", Gate("lab/private-points@1"), client: writer, model: "team/gated");

        Assert.Equal("dataset_version_not_found", await missing.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        Assert.Equal("evaluation_spec_invalid", await column.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        var problem = await column.JsonAsync();
        Assert.Contains("'label_x'", problem.GetProperty("detail").GetString());
        Assert.Contains("label", problem.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("evaluation_spec_invalid", await broken.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        Assert.Equal("dataset_version_not_found", await hidden.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        using var absent = await Admin.GetAsync($"/v1/models/{Model}/versions/3.0.0");
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }

    private static JsonElement File(JsonElement report, string path) =>
        report.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == path);

    private static byte[] Gate(string dataset) =>
        JsonSerializer.SerializeToUtf8Bytes(ClassifierData.Spec(dataset, EvaluationSeed.Table, maxAccuracyDrop: 0.02));

    private static byte[] ClassifierDataSpecWith(string dataset, string label) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        dataset,
        table = EvaluationSeed.Table,
        inputs = new[] { new { name = "x", columns = new[] { "x0", "x1", "x2", "x3" } } },
        output = new { task = "classification", scores = "logits", classes = Classifiers.ClassNames, label },
        maxAccuracyDrop = 0.02,
    });

    private async Task PushAsync(string version, (string Path, byte[] Bytes) tier, object? tolerance)
    {
        using var created = await CreateAsync(version, Gate($"{Dataset}@1"), tier, tolerance);
        await created.ExpectAsync(HttpStatusCode.Accepted);
    }

    private async Task<HttpResponseMessage> CreateAsync(string version, byte[] spec, (string Path, byte[] Bytes)? tier = null,
        object? tolerance = null, HttpClient? client = null, string model = Model)
    {
        client ??= Admin;
        var (name, bytes) = tier ?? ("fp16.onnx", Classifiers.Fp16());
        (string Path, byte[] Bytes)[] files = [("fp32.onnx", Classifiers.Fp32()), (name, bytes), ("evaluation.json", spec)];
        foreach (var file in files)
        {
            await client.PutBlobAsync(file.Bytes);
        }

        return await client.PostAsJsonAsync($"/v1/models/{model}/versions", new
        {
            version,
            files = files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length }),
            variants = new object[]
            {
                new { name = "fp32", file = "fp32.onnx", reference = true },
                new { name = Path.GetFileNameWithoutExtension(name), file = name, precision = "fp32" },
            },
            tolerance,
        });
    }

    /// <summary>Waits until validation has queued the gate's evaluation (the version stays validating meanwhile).</summary>
    private async Task<JsonElement> WaitForGateAsync(string version)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var detail = await DetailAsync(version);
            if (detail.GetProperty("validation").ValueKind == JsonValueKind.Object || DateTime.UtcNow > deadline)
            {
                Assert.True(detail.GetProperty("state").GetString() == "validating", detail.ToString());
                var evaluations = await (await Admin.GetAsync($"/v1/models/{Model}/versions/{version}/evaluations")).JsonAsync();
                Assert.Equal("queued", Assert.Single(evaluations.EnumerateArray()).GetProperty("state").GetString());
                return detail;
            }

            await Task.Delay(100);
        }
    }

    private async Task<JsonElement> DetailAsync(string version) =>
        await (await Admin.GetAsync($"/v1/models/{Model}/versions/{version}")).JsonAsync();

    private async Task SeedAsync()
    {
        await EvaluationJobs.TakeOverAsync(server);
        await EvaluationSeed.SeedAsync(server, Dataset, "lab/linear", Data);
        await EvaluationSeed.SeedAsync(server, "lab/private-points", "lab/linear", Data);
        using (var hide = await Admin.PatchAsJsonAsync("/v1/datasets/lab/private-points", new { @private = true }))
        {
            await hide.ExpectAsync(HttpStatusCode.OK);
        }

        foreach (var owner in new[] { "lab", "team" })
        {
            using var exists = await Admin.GetAsync($"/v1/models/{owner}/gated");
            if (exists.StatusCode == HttpStatusCode.NotFound)
            {
                await Admin.CreateRepositoryAsync(owner, "gated", "models");
            }
        }
    }
}

public sealed class GateTestsOnEmbedded(EmbeddedServerFixture server) : GateTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class GateTestsOnPostgresS3(ExternalServerFixture server) : GateTests(server), IClassFixture<ExternalServerFixture>;
