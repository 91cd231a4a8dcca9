namespace ModelHub.Server.Tests.Repositories;

/// <summary>Owner and repository names are unique ignoring case: clients materialise them as folders on Windows and macOS.</summary>
public abstract class NameTests(ServerFixture server)
{
    private readonly string _owner = $"case{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task A_name_that_differs_only_in_case_is_taken()
    {
        await server.Admin.CreateRepositoryAsync(_owner, "Detector");

        using var repository = await server.Admin.PostAsJsonAsync("/v1/models", new { owner = _owner, name = "detector" });
        using var owner = await server.Admin.PostAsJsonAsync("/v1/models", new { owner = _owner.ToUpperInvariant(), name = "other" });
        using var dataset = await server.Admin.PostAsJsonAsync("/v1/datasets", new { owner = _owner, name = "detector" });

        Assert.Equal("repository_exists", await repository.ProblemCodeAsync(HttpStatusCode.Conflict));
        Assert.Equal("name_taken", await owner.ProblemCodeAsync(HttpStatusCode.Conflict));
        await dataset.ExpectAsync(HttpStatusCode.Created);
        var listed = await (await server.Admin.GetAsync($"/v1/models?owner={_owner}")).JsonAsync();
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }
}

public sealed class NameTestsOnEmbedded(EmbeddedServerFixture server) : NameTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class NameTestsOnPostgresS3(ExternalServerFixture server) : NameTests(server), IClassFixture<ExternalServerFixture>;
