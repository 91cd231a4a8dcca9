using System.Net;
using System.Net.Http.Json;
using ModelHub.Testing;
using ModelHub.TestModels;

namespace ModelHub.Server.Tests.Validation;

/// <summary>Owns its server: it lowers the validation limits so runaway models are stopped quickly.</summary>
public abstract class HostileModelTests(ServerFixture server)
{
    [Fact]
    public async Task Endless_and_memory_hungry_models_are_killed_while_the_api_keeps_answering()
    {
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["ModelHub:Validation:Timeout"] = "00:00:04",
            ["ModelHub:Validation:MemoryCapMegabytes"] = "400",
            ["ModelHub:Validation:Parallelism"] = "2",
        });
        await server.Admin.CreateRepositoryAsync("lab", "hostile");
        foreach (var (version, bytes) in new[] { ("endless", Models.Endless()), ("hog", Models.MemoryHog(512L * 1024 * 1024)) })
        {
            await server.Admin.PutBlobAsync(bytes);
            (await server.Admin.PostAsJsonAsync("/v1/models/lab/hostile/versions",
                new { version, files = new[] { new { path = "model.onnx", digest = TestData.Digest(bytes), size = bytes.Length } } })).Dispose();
        }

        var states = new Dictionary<string, string?>();
        for (var i = 0; i < 300 && states.Count < 2; i++)
        {
            using var health = await server.Anonymous.GetAsync("/health/ready");
            await health.ExpectAsync(HttpStatusCode.OK);
            foreach (var version in new[] { "endless", "hog" })
            {
                var detail = await (await server.Admin.GetAsync($"/v1/models/lab/hostile/versions/{version}")).JsonAsync();
                if (detail.GetProperty("state").GetString() == "rejected")
                {
                    states[version] = detail.GetProperty("validation").GetProperty("reason").GetString();
                }
            }

            await Task.Delay(100);
        }

        Assert.Contains("killed after 4 s", states.GetValueOrDefault("endless"));
        Assert.Contains("exceeded memory cap 400 MB", states.GetValueOrDefault("hog"));
    }
}

public sealed class HostileModelTestsOnEmbedded(EmbeddedServerFixture server) : HostileModelTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class HostileModelTestsOnPostgresS3(ExternalServerFixture server) : HostileModelTests(server), IClassFixture<ExternalServerFixture>;
