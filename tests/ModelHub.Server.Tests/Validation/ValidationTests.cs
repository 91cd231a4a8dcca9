namespace ModelHub.Server.Tests.Validation;

public abstract class ValidationTests(ServerFixture server)
{
    private async Task<string> NewModelAsync(string kind = "models")
    {
        var name = $"val-{Guid.NewGuid():N}"[..20];
        await server.Admin.CreateRepositoryAsync("lab", name, kind);
        return $"lab/{name}";
    }

    private async Task<HttpResponseMessage> PushAsync(string repo, string version, (string Path, byte[] Bytes)[] files,
        object? extra = null, string kind = "models")
    {
        foreach (var file in files)
        {
            await server.Admin.PutBlobAsync(file.Bytes);
        }

        var body = new Dictionary<string, object?>
        {
            ["version"] = version,
            ["files"] = files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length }),
        };
        foreach (var property in extra?.GetType().GetProperties() ?? [])
        {
            body[property.Name] = property.GetValue(extra);
        }

        return await server.Admin.PostAsJsonAsync($"/v1/{kind}/{repo}/versions", body);
    }

    private async Task<JsonElement> WaitForVerdictAsync(string repo, string version, string kind = "models")
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var detail = await (await server.Admin.GetAsync($"/v1/{kind}/{repo}/versions/{version}")).JsonAsync();
            var state = detail.GetProperty("state").GetString();
            if (state != "validating" || DateTime.UtcNow > deadline)
            {
                return detail;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_read_with_wait_answers_once_the_verdict_is_saved_and_a_decided_version_at_once()
    {
        var repo = await NewModelAsync();
        using var created = await PushAsync(repo, "1.0.0", [("model.onnx", Models.MatMul())]);
        await created.ExpectAsync(HttpStatusCode.Accepted);

        // One request: the answer is held while the version validates (the wait is far longer than any validation here).
        var decided = await (await server.Admin.GetAsync($"/v1/models/{repo}/versions/1.0.0?wait=60")).JsonAsync();
        var again = await (await server.Admin.GetAsync($"/v1/models/{repo}/versions/1.0.0?wait=60")).JsonAsync();
        using var missing = await server.Admin.GetAsync($"/v1/models/{repo}/versions/9.9.9?wait=60");

        Assert.Equal("published", decided.GetProperty("state").GetString());
        Assert.True(decided.GetProperty("validation").GetProperty("passed").GetBoolean());
        Assert.Equal("published", again.GetProperty("state").GetString());
        Assert.Equal("version_not_found", await missing.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Onnx_version_is_validating_then_published_with_a_report_and_then_downloadable()
    {
        var repo = await NewModelAsync();

        using var created = await PushAsync(repo, "1.0.0", [("model.onnx", Models.MatMul()), ("config.json", "{}"u8.ToArray())]);
        var initial = await created.JsonAsync();
        var verdict = await WaitForVerdictAsync(repo, "1.0.0");
        using var late = await server.Anonymous.GetAsync($"/v1/models/{repo}/versions/1.0.0/files/model.onnx");

        await created.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("validating", initial.GetProperty("state").GetString());
        Assert.Equal("published", verdict.GetProperty("state").GetString());
        var file = verdict.GetProperty("validation").GetProperty("files")[0];
        Assert.Equal("passed", file.GetProperty("status").GetString());
        Assert.Equal("fp32", file.GetProperty("model").GetProperty("precision").GetString());
        Assert.Equal(17, file.GetProperty("model").GetProperty("opsets")[0].GetProperty("version").GetInt32());
        Assert.True(file.GetProperty("smoke").GetProperty("medianLatencyMs").GetDouble() >= 0);
        await late.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Tiers_that_agree_publish_and_a_broken_tier_rejects_the_version_with_numbers()
    {
        var repo = await NewModelAsync();
        var variants = new[]
        {
            new { name = "fp32", file = "model.onnx", reference = true },
            new { name = "fp16", file = "model_fp16.onnx", reference = false },
            new { name = "int8", file = "model_int8.onnx", reference = false },
        };

        (await PushAsync(repo, "1.0.0",
            [("model.onnx", Models.MatMul()), ("model_fp16.onnx", Models.MatMulFp16()), ("model_int8.onnx", Models.MatMulInt8())],
            new { variants })).Dispose();
        (await PushAsync(repo, "2.0.0",
            [("model.onnx", Models.MatMul()), ("model_fp16.onnx", Models.MatMulBroken()), ("model_int8.onnx", Models.MatMulInt8())],
            new { variants })).Dispose();
        var good = await WaitForVerdictAsync(repo, "1.0.0");
        var bad = await WaitForVerdictAsync(repo, "2.0.0");
        using var blocked = await server.Anonymous.GetAsync($"/v1/models/{repo}/versions/2.0.0/files/model.onnx");

        Assert.Equal("published", good.GetProperty("state").GetString());
        Assert.Equal(3, good.GetProperty("variants").GetArrayLength());
        Assert.Equal("rejected", bad.GetProperty("state").GetString());
        Assert.Matches("tier fp16 disagrees with the reference tier fp32: output `y`: cosine similarity",
            bad.GetProperty("validation").GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, blocked.StatusCode);
    }

    [Fact]
    public async Task A_tier_whose_output_differs_in_shape_is_rejected_naming_both_shapes_and_the_version_still_reads()
    {
        var repo = await NewModelAsync();
        var variants = new[]
        {
            new { name = "fp32", file = "model.onnx", reference = true },
            new { name = "wide", file = "model_wide.onnx", reference = false },
        };

        (await PushAsync(repo, "1.0.0", [("model.onnx", Models.MatMul()), ("model_wide.onnx", RealisticModels.MatMulWithOutput("y", 4))],
            new { variants })).Dispose();
        var verdict = await WaitForVerdictAsync(repo, "1.0.0");

        Assert.Equal("rejected", verdict.GetProperty("state").GetString());
        Assert.Equal("model_wide.onnx: tier wide disagrees with the reference tier fp32: output `y` has shape [1, 4] in tier wide "
            + "and [1, 3] in the reference", verdict.GetProperty("validation").GetProperty("reason").GetString());
        var agreement = verdict.GetProperty("validation").GetProperty("files")[1].GetProperty("agreement")[0];
        Assert.Equal(JsonValueKind.Null, agreement.GetProperty("cosine").ValueKind);
    }

    [Fact]
    public async Task Hostile_file_is_rejected_with_its_reason_while_the_api_keeps_answering()
    {
        var repo = await NewModelAsync();

        (await PushAsync(repo, "1.0.0", [("model.onnx", Models.Truncated())])).Dispose();
        using var meanwhile = await server.Anonymous.GetAsync("/health/ready");
        var verdict = await WaitForVerdictAsync(repo, "1.0.0");

        await meanwhile.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("rejected", verdict.GetProperty("state").GetString());
        Assert.Contains("truncated protobuf at byte", verdict.GetProperty("validation").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_model_with_external_data_in_a_subfolder_runs_and_publishes()
    {
        var repo = await NewModelAsync();
        var model = ("onnx/model.onnx", Models.WithExternalData("model.onnx_data"));

        (await PushAsync(repo, "1.0.0", [model, ("onnx/model.onnx_data", Models.ExternalWeights(3))])).Dispose();
        var verdict = await WaitForVerdictAsync(repo, "1.0.0");

        Assert.True(verdict.GetProperty("state").GetString() == "published", verdict.GetRawText());
        var report = verdict.GetProperty("validation").GetProperty("files")[0];
        Assert.Equal("model.onnx_data", report.GetProperty("model").GetProperty("externalData")[0].GetString());
        Assert.True(report.GetProperty("smoke").GetProperty("outputs")[0].GetProperty("finite").GetBoolean());
    }

    [Fact]
    public async Task Smoke_hints_from_the_upload_feed_the_run()
    {
        var repo = await NewModelAsync();
        var smoke = new
        {
            inputs = new Dictionary<string, object> { ["sr"] = new { values = new[] { 16000 } } },
            dims = new Dictionary<string, long> { ["samples"] = 8 },
        };

        (await PushAsync(repo, "without", [("model.onnx", Models.SampleRate())])).Dispose();
        (await PushAsync(repo, "with", [("model.onnx", Models.SampleRate())], new { smoke })).Dispose();
        var without = await WaitForVerdictAsync(repo, "without");
        var with = await WaitForVerdictAsync(repo, "with");

        Assert.Equal("rejected", without.GetProperty("state").GetString());
        Assert.Contains("input `sr`", without.GetProperty("validation").GetProperty("reason").GetString());
        Assert.Equal("published", with.GetProperty("state").GetString());
        var output = with.GetProperty("validation").GetProperty("files")[0].GetProperty("smoke").GetProperty("outputs")[0];
        Assert.Equal(8, output.GetProperty("shape")[1].GetInt32());
    }

    [Fact]
    public async Task Rejected_version_can_be_deleted_and_pushed_again()
    {
        var repo = await NewModelAsync();
        (await PushAsync(repo, "1.0.0", [("model.onnx", Models.NotOnnx())])).Dispose();
        await WaitForVerdictAsync(repo, "1.0.0");

        using var deleted = await server.Admin.DeleteAsync($"/v1/models/{repo}/versions/1.0.0");
        (await PushAsync(repo, "1.0.0", [("model.onnx", Models.Add())])).Dispose();
        var verdict = await WaitForVerdictAsync(repo, "1.0.0");

        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal("published", verdict.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Datasets_and_versions_without_onnx_files_publish_at_once()
    {
        var dataset = await NewModelAsync("datasets");
        var model = await NewModelAsync();

        using var data = await PushAsync(dataset, "1", [("train.onnx", Models.RandomBytes())], kind: "datasets");
        using var plain = await PushAsync(model, "1", [("weights.bin", Models.RandomBytes())]);

        await data.ExpectAsync(HttpStatusCode.Created);
        await plain.ExpectAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("""[{"name":"fp32","file":"missing.onnx"}]""")]
    [InlineData("""[{"name":"fp32","file":"model.onnx"},{"name":"fp32","file":"model.onnx"}]""")]
    [InlineData("""[{"name":"a","file":"model.onnx","reference":true},{"name":"b","file":"model.onnx","reference":true}]""")]
    [InlineData("""[{"name":"bad name","file":"model.onnx"}]""")]
    public async Task Invalid_variants_are_refused(string variants)
    {
        var repo = await NewModelAsync();
        var bytes = Models.Add();
        await server.Admin.PutBlobAsync(bytes);
        var file = $$"""{"path":"model.onnx","digest":"{{TestData.Digest(bytes)}}","size":{{bytes.Length}}}""";
        var json = $$"""{"version":"1","files":[{{file}}],"variants":{{variants}}}""";

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Admin.PostAsync($"/v1/models/{repo}/versions", content);

        Assert.Equal("invalid_variant", await response.ProblemCodeAsync(HttpStatusCode.BadRequest));
    }
}

public sealed class ValidationTestsOnEmbedded(EmbeddedServerFixture server) : ValidationTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ValidationTestsOnPostgresS3(ExternalServerFixture server)
    : ValidationTests(server), IClassFixture<ExternalServerFixture>;
