namespace ModelHub.Server.Tests.Repositories;

public abstract class RepositoryTests(ServerFixture server)
{
    [Fact]
    public async Task Created_repository_can_be_read_updated_and_deleted()
    {
        using var created = await server.Admin.PostAsJsonAsync("/v1/datasets", new
        {
            owner = "ivy",
            name = "speech",
            description = "Speech clips",
            tags = new[] { "Audio", "audio" },
        });
        using var patched = await server.Admin.PatchAsJsonAsync("/v1/datasets/ivy/speech", new { card = "# Speech\nClips." });
        var read = await (await server.Anonymous.GetAsync("/v1/datasets/ivy/speech")).JsonAsync();
        using var deleted = await server.Admin.DeleteAsync("/v1/datasets/ivy/speech");
        using var gone = await server.Anonymous.GetAsync("/v1/datasets/ivy/speech");

        await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("/v1/datasets/ivy/speech", created.Headers.Location!.ToString());
        await patched.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("datasets", read.GetProperty("kind").GetString());
        Assert.Equal("# Speech\nClips.", read.GetProperty("card").GetString());
        Assert.Equal("Speech clips", read.GetProperty("description").GetString());
        Assert.Equal(["audio"], read.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal("repository_not_found", await gone.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Same_name_in_both_kinds_is_two_repositories_but_twice_in_one_kind_is_409()
    {
        await server.Admin.CreateRepositoryAsync("jack", "whisper", "models");
        await server.Admin.CreateRepositoryAsync("jack", "whisper", "datasets");

        using var again = await server.Admin.PostAsJsonAsync("/v1/models", new { owner = "jack", name = "whisper" });

        Assert.Equal("repository_exists", await again.ProblemCodeAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Listing_filters_by_text_and_owner_and_pages()
    {
        for (var i = 0; i < 5; i++)
        {
            await server.Admin.CreateRepositoryAsync("kim", $"detector-{i}");
        }

        await server.Admin.CreateRepositoryAsync("lee", "detector-x");
        await server.Admin.CreateRepositoryAsync("kim", "classifier");

        var page1 = await (await server.Anonymous.GetAsync("/v1/models?q=DETECTOR&owner=kim&pageSize=2")).JsonAsync();
        var page3 = await (await server.Anonymous.GetAsync("/v1/models?q=detector&owner=kim&pageSize=2&page=3")).JsonAsync();

        Assert.Equal(5, page1.GetProperty("total").GetInt32());
        Assert.Equal(
            ["detector-4", "detector-3"], page1.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(["detector-0"], page3.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }
}

public sealed class RepositoryTestsOnEmbedded(EmbeddedServerFixture server)
    : RepositoryTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class RepositoryTestsOnPostgresS3(ExternalServerFixture server)
    : RepositoryTests(server), IClassFixture<ExternalServerFixture>;
