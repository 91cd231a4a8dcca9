namespace ModelHub.Server.Tests.Validation;

/// <summary>Owns its server, because it restarts it.</summary>
public abstract class ValidationRestartTests(ServerFixture server)
{
    [Fact]
    public async Task Validation_survives_a_restart_while_a_version_is_validating()
    {
        await server.RestartAsync(new Dictionary<string, string?> { ["ModelHub:Validation:Enabled"] = "false" });
        await server.Admin.CreateRepositoryAsync("lab", "restart");
        var bytes = Models.MatMul();
        await server.Admin.PutBlobAsync(bytes);
        (await server.Admin.PostAsJsonAsync("/v1/models/lab/restart/versions", new
        {
            version = "1.0.0",
            files = new[] { new { path = "model.onnx", digest = TestData.Digest(bytes), size = bytes.Length } },
        })).Dispose();
        var before = await (await server.Admin.GetAsync("/v1/models/lab/restart/versions/1.0.0")).JsonAsync();

        await server.RestartAsync(new Dictionary<string, string?> { ["ModelHub:Validation:Enabled"] = "true" });
        string? state = null;
        for (var i = 0; i < 600 && state is null or "validating"; i++)
        {
            await Task.Delay(100);
            var detail = await (await server.Admin.GetAsync("/v1/models/lab/restart/versions/1.0.0")).JsonAsync();
            state = detail.GetProperty("state").GetString();
        }

        Assert.Equal("validating", before.GetProperty("state").GetString());
        Assert.Equal("published", state);
    }
}

public sealed class ValidationRestartTestsOnEmbedded(EmbeddedServerFixture server)
    : ValidationRestartTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ValidationRestartTestsOnPostgresS3(ExternalServerFixture server)
    : ValidationRestartTests(server), IClassFixture<ExternalServerFixture>;
