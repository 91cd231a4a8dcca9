namespace ModelHub.Server.Tests.Validation;

/// <summary>
/// Owns its server: it sets the validation limits so runaway models are stopped quickly. Each test leaves one limit
/// within reach: an endless model holds no memory, a memory hog meets a timeout no machine reaches first. Which limit
/// a slow machine hits first can then never decide the outcome.
/// </summary>
public abstract class HostileModelTests(ServerFixture server)
{
    [Fact]
    public async Task An_endless_model_is_killed_at_the_timeout_while_the_api_keeps_answering()
    {
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["ModelHub:Validation:Timeout"] = "00:00:04",
            ["ModelHub:Validation:MemoryCapMegabytes"] = null,
        });

        var validation = await PushAndWaitAsync("endless", Models.Endless());

        Assert.Equal("validation killed after 4 s while running `model.onnx` (ModelHub:Validation:Timeout)",
            validation.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_memory_hungry_model_is_killed_at_the_cap_with_its_inspection_kept_while_the_api_keeps_answering()
    {
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["ModelHub:Validation:Timeout"] = "00:10:00",
            ["ModelHub:Validation:MemoryCapMegabytes"] = "400",
        });

        var validation = await PushAndWaitAsync("hog", Models.MemoryHog(256L * 1024 * 1024));

        Assert.Matches(@"^validation exceeded memory cap 400 MB while running `model.onnx` \(peak \d+ MB\): "
            + @"400 MB is this server's maximum \(ModelHub:Validation:MemoryCapMegabytes\)$", validation.GetProperty("reason").GetString());
        var file = validation.GetProperty("files")[0];
        Assert.Equal("failed", file.GetProperty("status").GetString());
        Assert.Equal("x", file.GetProperty("model").GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal(400, validation.GetProperty("limits").GetProperty("memoryCapMegabytes").GetInt32());
    }

    /// <summary>Pushes the model as a version of its own repository and waits for the verdict, checking health all along.</summary>
    private async Task<JsonElement> PushAndWaitAsync(string name, byte[] bytes)
    {
        await server.Admin.CreateRepositoryAsync("lab", name);
        await server.Admin.PutBlobAsync(bytes);
        var files = new[] { new { path = "model.onnx", digest = TestData.Digest(bytes), size = bytes.Length } };
        (await server.Admin.PostAsJsonAsync($"/v1/models/lab/{name}/versions", new { version = "1", files })).Dispose();
        for (var i = 0; i < 3000; i++)
        {
            using var health = await server.Anonymous.GetAsync("/health/ready");
            await health.ExpectAsync(HttpStatusCode.OK);
            var detail = await (await server.Admin.GetAsync($"/v1/models/lab/{name}/versions/1")).JsonAsync();
            if (detail.GetProperty("state").GetString() != "validating")
            {
                return detail.GetProperty("validation");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"lab/{name} is still validating");
    }
}

public sealed class HostileModelTestsOnEmbedded(EmbeddedServerFixture server)
    : HostileModelTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class HostileModelTestsOnPostgresS3(ExternalServerFixture server)
    : HostileModelTests(server), IClassFixture<ExternalServerFixture>;
