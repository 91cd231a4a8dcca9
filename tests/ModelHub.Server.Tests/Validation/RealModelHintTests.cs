namespace ModelHub.Server.Tests.Validation;

/// <summary>
/// Hints and samples as a publisher sends them in the version request: files that share an input name hinted apart,
/// an unnamed dim sized by a shape with nulls, a sample-rate value, an audio sample stored as a .npy file of the version.
/// </summary>
public abstract class RealModelHintTests(ServerFixture server)
{
    [Fact]
    public async Task Per_file_hints_and_a_sample_file_reach_the_models_through_the_api()
    {
        var repo = $"hints-{Guid.NewGuid():N}"[..20];
        await server.Admin.CreateRepositoryAsync("lab", repo);
        var audio = Npy.Floats([.. Enumerable.Range(0, 512).Select(i => (float)Math.Sin(i / 9.0))], 1, 512);
        (string Path, byte[] Bytes)[] files =
        [
            ("det.onnx", RealisticModels.OcrDetector()), ("rec.onnx", RealisticModels.OcrRecognizer()),
            ("vad.onnx", RealisticModels.Vad()), ("samples/speech.npy", audio),
        ];
        foreach (var file in files)
        {
            await server.Admin.PutBlobAsync(file.Bytes);
        }

        var smoke = new
        {
            files = new Dictionary<string, object>
            {
                ["det.onnx"] = new { inputs = new { x = new { shape = new long?[] { 1, null, 96, 96 } } } },
                ["rec.onnx"] = new { inputs = new { x = new { shape = new long?[] { 1, 3, 48, 256 } } } },
                ["vad.onnx"] = new
                {
                    inputs = new { audio = new { sample = "samples/speech.npy" }, sr = new { values = new[] { 16000 } } },
                },
            },
        };
        var entries = files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length });
        var body = new { version = "1", files = entries, smoke };
        using var created = await server.Admin.PostAsJsonAsync($"/v1/models/lab/{repo}/versions", body);
        await created.ExpectAsync(System.Net.HttpStatusCode.Accepted);

        var validation = await WaitAsync($"/v1/models/lab/{repo}/versions/1");

        Assert.True(validation.GetProperty("passed").GetBoolean(), validation.GetRawText());
        var reports = validation.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        Assert.Equal("[1,1,96,96]", reports["det.onnx"].GetProperty("smoke").GetProperty("outputs")[0].GetProperty("shape").GetRawText());
        Assert.Equal("[1,256,5]", reports["rec.onnx"].GetProperty("smoke").GetProperty("outputs")[0].GetProperty("shape").GetRawText());
        var speech = reports["vad.onnx"].GetProperty("inputs")[0];
        Assert.Equal("sample", speech.GetProperty("source").GetString());
        Assert.Equal("samples/speech.npy", speech.GetProperty("sample").GetString());
        Assert.True(reports["vad.onnx"].GetProperty("memory").GetProperty("peakBytes").GetInt64() > 0);
    }

    private async Task<JsonElement> WaitAsync(string path)
    {
        for (var i = 0; i < 1800; i++)
        {
            var detail = await (await server.Admin.GetAsync(path)).JsonAsync();
            if (detail.GetProperty("state").GetString() != "validating")
            {
                return detail.GetProperty("validation");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} is still validating");
    }
}

public sealed class RealModelHintTestsOnEmbedded(EmbeddedServerFixture server)
    : RealModelHintTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class RealModelHintTestsOnPostgresS3(ExternalServerFixture server)
    : RealModelHintTests(server), IClassFixture<ExternalServerFixture>;
