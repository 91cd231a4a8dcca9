namespace ModelHub.Server.Tests.Versions;

public abstract class VersionTests(ServerFixture server)
{
    private async Task<string> NewRepositoryAsync()
    {
        var name = $"v-{Guid.NewGuid():N}"[..20];
        await server.Admin.CreateRepositoryAsync("acme", name);
        return $"acme/{name}";
    }

    [Fact]
    public async Task Created_version_lists_its_files_and_becomes_latest()
    {
        var repo = await NewRepositoryAsync();
        using var created = await server.Admin.CreateVersionAsync(
            repo, "1.0.0", ("model.bin", TestData.Bytes(100, 1)), ("config.json", TestData.Bytes(10, 2)));

        var version = await (await server.Anonymous.GetAsync($"/v1/models/{repo}/versions/1.0.0")).JsonAsync();
        var repository = await (await server.Anonymous.GetAsync($"/v1/models/{repo}")).JsonAsync();

        await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("published", version.GetProperty("state").GetString());
        Assert.Equal(
            ["config.json", "model.bin"], version.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(110, version.GetProperty("totalSize").GetInt64());
        Assert.Equal("1.0.0", repository.GetProperty("latestVersion").GetString());
    }

    [Fact]
    public async Task Missing_blobs_answer_409_listing_each_missing_digest()
    {
        var repo = await NewRepositoryAsync();
        var present = await server.Admin.PutBlobAsync(TestData.Bytes(10, 3));
        var absent1 = TestData.Digest(TestData.Bytes(10, 4));
        var absent2 = TestData.Digest(TestData.Bytes(10, 5));

        using var response = await server.Admin.PostAsJsonAsync($"/v1/models/{repo}/versions", new
        {
            version = "1.0.0",
            files = new[]
            {
                new { path = "a", digest = present, size = 10 },
                new { path = "b", digest = absent1, size = 10 },
                new { path = "c", digest = absent2, size = 10 },
            },
        });

        Assert.Equal("blobs_missing", await response.ProblemCodeAsync(HttpStatusCode.Conflict));
        var missing = (await response.JsonAsync()).GetProperty("missing").EnumerateArray().Select(e => e.GetString()).Order().ToList();
        Assert.Equal(new[] { absent1, absent2 }.Order(), missing);
    }

    [Fact]
    public async Task Existing_version_is_never_overwritten()
    {
        var repo = await NewRepositoryAsync();
        var original = TestData.Bytes(50, 6);
        (await server.Admin.CreateVersionAsync(repo, "1.0.0", ("model.bin", original))).Dispose();

        using var again = await server.Admin.CreateVersionAsync(repo, "1.0.0", ("model.bin", TestData.Bytes(50, 7)));

        Assert.Equal("version_exists", await again.ProblemCodeAsync(HttpStatusCode.Conflict));
        Assert.Equal(original, await server.Anonymous.GetByteArrayAsync($"/v1/models/{repo}/versions/1.0.0/files/model.bin"));
    }

    [Fact]
    public async Task Concurrent_creation_of_the_same_version_gives_exactly_one_201()
    {
        var repo = await NewRepositoryAsync();
        var bytes = TestData.Bytes(64, 8);
        var digest = await server.Admin.PutBlobAsync(bytes);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await server.Admin.PostAsJsonAsync($"/v1/models/{repo}/versions",
                new { version = "2.0.0", files = new[] { new { path = "m.bin", digest, size = 64 } } });
            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Deleted_version_disappears_and_its_tag_can_be_reused()
    {
        var repo = await NewRepositoryAsync();
        (await server.Admin.CreateVersionAsync(repo, "1.0.0", ("model.bin", TestData.Bytes(20, 9)))).Dispose();

        using var deleted = await server.Admin.DeleteAsync($"/v1/models/{repo}/versions/1.0.0");
        using var gone = await server.Anonymous.GetAsync($"/v1/models/{repo}/versions/1.0.0");
        using var recreated = await server.Admin.CreateVersionAsync(repo, "1.0.0", ("model.bin", TestData.Bytes(20, 10)));

        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal("version_not_found", await gone.ProblemCodeAsync(HttpStatusCode.NotFound));
        await recreated.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Versions_are_listed_newest_first()
    {
        var repo = await NewRepositoryAsync();
        foreach (var v in new[] { "1.0.0", "1.1.0", "2.0.0" })
        {
            (await server.Admin.CreateVersionAsync(repo, v, ("model.bin", TestData.Bytes(20, v.GetHashCode())))).Dispose();
        }

        var list = await (await server.Anonymous.GetAsync($"/v1/models/{repo}/versions")).JsonAsync();

        Assert.Equal(["2.0.0", "1.1.0", "1.0.0"], list.EnumerateArray().Select(v => v.GetProperty("version").GetString()));
    }
}

public sealed class VersionTestsOnEmbedded(EmbeddedServerFixture server) : VersionTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class VersionTestsOnPostgresS3(ExternalServerFixture server) : VersionTests(server), IClassFixture<ExternalServerFixture>;
