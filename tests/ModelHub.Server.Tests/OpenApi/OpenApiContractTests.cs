namespace ModelHub.Server.Tests.OpenApi;

/// <summary>openapi.yaml at the repository root is the contract: it must equal what the server serves.</summary>
public sealed class OpenApiContractTests(EmbeddedServerFixture server) : IClassFixture<EmbeddedServerFixture>
{
    public const string UpdateVariable = "MODELHUB_UPDATE_OPENAPI";

    [Fact]
    public async Task Committed_openapi_yaml_equals_the_served_document()
    {
        var served = Normalize(await server.Anonymous.GetStringAsync("/openapi/v1.yaml"));
        var path = Path.Combine(RepositoryRoot(), "openapi.yaml");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        var committed = File.Exists(path) ? Normalize(await File.ReadAllTextAsync(path)) : "";

        Assert.True(committed == served,
            $"openapi.yaml differs from the served document. Regenerate it: {UpdateVariable}=1 dotnet test --filter OpenApiContractTests");
    }

    [Fact]
    public async Task Served_document_describes_every_v1_route_group()
    {
        var served = await server.Anonymous.GetStringAsync("/openapi/v1.yaml");

        foreach (var path in new[] { "/v1/tokens", "/v1/{kind}/{owner}/{name}/versions", "/v1/uploads/{id}", "/v1/blobs/{digest}" })
        {
            Assert.True(served.Contains($"  '{path}':") || served.Contains($"  {path}:"), $"{path} is not in the document.");
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd() + "\n";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelHub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }
}
