namespace ModelHub.Server.Tests.Validation;

/// <summary>
/// What a version asks of its validation, refused before anything is stored when it cannot be met (a hint that reaches
/// no input, more memory than the server allows), and what validation tells back: the memory each tier measured beside
/// the declared one, a latency on placeholder dims marked as such, in the API and the catalog.
/// </summary>
public abstract class ValidationRequestTests(ServerFixture server)
{
    [Fact]
    public async Task A_hint_naming_no_input_is_a_422_listing_every_models_inputs_and_stores_nothing()
    {
        var repo = await RepositoryAsync();
        (string, byte[])[] files = [("det.onnx", RealisticModels.OcrDetector()), ("rec.onnx", RealisticModels.OcrRecognizer())];
        var smoke = new
        {
            inputs = new { image = new { shape = new long?[] { 1, 3, 96, 96 } } },
            files = new Dictionary<string, object> { ["rec.onnx"] = new { dims = new { width = 256 } } },
        };

        using var response = await CreateAsync(repo, files, new { smoke });

        Assert.Equal("smoke_hint_unmatched", await response.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        var problem = await response.JsonAsync();
        var unmatched = problem.GetProperty("unmatched").EnumerateArray().Select(u => u.GetProperty("hint").GetString()).ToList();
        Assert.Equal(["/inputs/image", "/files/rec.onnx/dims/width"], unmatched);
        var models = problem.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("path").GetString()!);
        Assert.Equal("x", models["det.onnx"].GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal("""["?","3","48","?"]""", models["rec.onnx"].GetProperty("inputs")[0].GetProperty("shape").GetRawText());
        Assert.Contains("det.onnx: x float[?,3,?,?]", problem.GetProperty("detail").GetString());
        using var detail = await server.Admin.GetAsync($"/v1/models/{repo}/versions/1");
        await detail.ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_memory_cap_above_the_servers_maximum_is_a_422_naming_the_setting()
    {
        var repo = await RepositoryAsync();

        var limits = new { memoryCapMegabytes = 2_000_000 };
        using var response = await CreateAsync(repo, [("model.onnx", Models.MatMul())], new { limits });

        Assert.Equal("memory_cap_above_maximum", await response.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        var problem = await response.JsonAsync();
        Assert.Contains("ModelHub:Validation:MemoryCapMegabytes", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("maxMemoryCapMegabytes").GetInt32() >= 64);
    }

    [Fact]
    public async Task Tiers_show_measured_memory_beside_declared_and_manifests_use_the_measured_peak_when_none_is_declared()
    {
        var repo = await RepositoryAsync();
        var tiers = new object[]
        {
            new { name = "fp32", file = "model.onnx", reference = true },
            new { name = "fp16", file = "model_fp16.onnx", minMemoryMb = 4096 },
        };

        var detail = await server.Admin.PushAndWaitAsync(repo, "1",
            [("model.onnx", Models.MatMul()), ("model_fp16.onnx", Models.MatMulFp16())], tiers);

        var variants = detail.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        var fp32 = variants["fp32"];
        Assert.Equal("measured", fp32.GetProperty("memorySource").GetString());
        Assert.True(fp32.GetProperty("measuredMemoryMb").GetInt64() > 0);
        Assert.Equal(fp32.GetProperty("measuredMemoryMb").GetInt64(), fp32.GetProperty("neededMemoryMb").GetInt64());
        var fp16 = variants["fp16"];
        Assert.Equal("declared", fp16.GetProperty("memorySource").GetString());
        Assert.Equal(4096, fp16.GetProperty("neededMemoryMb").GetInt64());
        Assert.True(fp16.GetProperty("measuredMemoryMb").GetInt64() > 0);
        var manifest = await (await server.Anonymous.GetAsync($"/v1/models/{repo}/manifest?version=1&ep=cpu&memory=1g")).JsonAsync();
        Assert.Equal("fp32", manifest.GetProperty("variant").GetProperty("name").GetString());
        Assert.Equal("measured", manifest.GetProperty("variant").GetProperty("memorySource").GetString());
        var page = await server.Anonymous.GetStringAsync($"/models/{repo}");
        Assert.Contains($"declared 4096 MB · measured {fp16.GetProperty("measuredMemoryMb").GetInt64()} MB", page);
    }

    [Fact]
    public async Task A_run_on_placeholder_dims_passes_flagged_with_its_latency_not_representative_in_the_report_and_catalog()
    {
        var repo = await RepositoryAsync();

        var detail = await server.Admin.PushAndWaitAsync(repo, "1", [("det.onnx", RealisticModels.OcrDetector())],
            new[] { new { name = "det", file = "det.onnx", reference = true } });

        var file = detail.GetProperty("validation").GetProperty("files")[0];
        Assert.False(file.GetProperty("smoke").GetProperty("latencyRepresentative").GetBoolean());
        Assert.Contains(file.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("placeholder"));
        var placeholders = file.GetProperty("inputs")[0].GetProperty("placeholders").EnumerateArray().ToList();
        // x [?, 3, ?, ?]: the unnamed height and width were set to 1.
        Assert.Contains(placeholders, p => p.GetProperty("index").GetInt32() == 2 && p.GetProperty("dim").GetString() == "?");
        Assert.Contains(placeholders, p => p.GetProperty("index").GetInt32() == 3);
        var page = await server.Anonymous.GetStringAsync($"/models/{repo}");
        Assert.Contains("data-latency=\"not-representative\"", page);
    }

    [Fact]
    public async Task A_declared_precision_the_weights_contradict_is_flagged()
    {
        var repo = await RepositoryAsync();

        var detail = await server.Admin.PushAndWaitAsync(repo, "1", [("model.onnx", Models.MatMul())],
            new[] { new { name = "int8", file = "model.onnx", reference = true, precision = "int8" } });

        var file = detail.GetProperty("validation").GetProperty("files")[0];
        Assert.Equal("int8", file.GetProperty("declaredPrecision").GetString());
        Assert.Equal("fp32", file.GetProperty("model").GetProperty("precision").GetString());
        Assert.Contains(file.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("int8"));
    }

    private async Task<string> RepositoryAsync()
    {
        var name = $"vr-{Guid.NewGuid():N}"[..16];
        await server.Admin.CreateRepositoryAsync("lab", name);
        return $"lab/{name}";
    }

    private async Task<HttpResponseMessage> CreateAsync(string repo, (string Path, byte[] Bytes)[] files, object extra)
    {
        foreach (var file in files)
        {
            await server.Admin.PutBlobAsync(file.Bytes);
        }

        var body = JsonSerializer.SerializeToNode(extra, JsonSerializerOptions.Web)!.AsObject();
        body["version"] = "1";
        body["files"] = JsonSerializer.SerializeToNode(
            files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length }));
        return await server.Admin.PostAsJsonAsync($"/v1/models/{repo}/versions", body);
    }
}

public sealed class ValidationRequestTestsOnEmbedded(EmbeddedServerFixture server)
    : ValidationRequestTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ValidationRequestTestsOnPostgresS3(ExternalServerFixture server)
    : ValidationRequestTests(server), IClassFixture<ExternalServerFixture>;
