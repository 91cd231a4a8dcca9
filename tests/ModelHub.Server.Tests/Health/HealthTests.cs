namespace ModelHub.Server.Tests.Health;

public abstract class HealthTests(ServerFixture server)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var response = await server.Anonymous.GetAsync(path);

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

public sealed class HealthTestsOnEmbedded(EmbeddedServerFixture server) : HealthTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class HealthTestsOnPostgresS3(ExternalServerFixture server) : HealthTests(server), IClassFixture<ExternalServerFixture>;
