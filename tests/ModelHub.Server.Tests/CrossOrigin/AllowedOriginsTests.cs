namespace ModelHub.Server.Tests.CrossOrigin;

/// <summary>With a list of allowed origins, only those are answered, each by name and with <c>Vary: Origin</c>.</summary>
public sealed class AllowedOriginsTests(EmbeddedServerFixture server) : IClassFixture<EmbeddedServerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => server.RestartAsync(new Dictionary<string, string?>
    {
        ["ModelHub:Cors:AllowedOrigins:0"] = "https://app.example",
    });

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("https://app.example", true)]
    [InlineData("https://evil.example", false)]
    public async Task Only_listed_origins_may_read(string origin, bool allowed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/modelhub-manifest-key");
        request.Headers.Add("Origin", origin);
        using var response = await server.Anonymous.SendAsync(request);

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        Assert.Equal(allowed, response.Headers.Vary.Contains("Origin"));
    }
}
