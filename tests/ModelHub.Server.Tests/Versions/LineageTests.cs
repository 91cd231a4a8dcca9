namespace ModelHub.Server.Tests.Versions;

/// <summary>Model versions name the dataset versions they were trained on; both sides show the link.</summary>
public abstract class LineageTests(ServerFixture server) : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    private string Data => $"lab/data-{_suffix}";
    private string Model => $"lab/model-{_suffix}";

    public async Task InitializeAsync()
    {
        await server.Admin.CreateRepositoryAsync("lab", $"data-{_suffix}", kind: "datasets");
        await server.Admin.CreateRepositoryAsync("lab", $"model-{_suffix}");
        var rows = System.Text.Encoding.UTF8.GetBytes($"x,y\n1,2\n{_suffix}\n");
        await server.Admin.PutBlobAsync(rows);
        using var created = await server.Admin.PostAsJsonAsync($"/v1/datasets/{Data}/versions",
            new { version = "3", files = new[] { new { path = "train.csv", digest = TestData.Digest(rows), size = rows.Length } } });
        await created.ExpectAsync(HttpStatusCode.Created);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> PushModelAsync(string version, params string[] datasets)
    {
        var model = Models.Add();
        await server.Admin.PutBlobAsync(model);
        return await server.Admin.PostAsJsonAsync($"/v1/models/{Model}/versions",
            new { version, files = new[] { new { path = "model.onnx", digest = TestData.Digest(model), size = model.Length } }, datasets });
    }

    [Fact]
    public async Task A_model_version_links_to_its_dataset_version_and_back()
    {
        using var pushed = await PushModelAsync("1.0.0", $"{Data}@3");
        await pushed.ExpectAsync(HttpStatusCode.Accepted);

        var model = await (await server.Anonymous.GetAsync($"/v1/models/{Model}/versions/1.0.0")).JsonAsync();
        var link = Assert.Single(model.GetProperty("datasets").EnumerateArray());
        Assert.Equal(Data, link.GetProperty("repository").GetString());
        Assert.Equal("3", link.GetProperty("version").GetString());
        Assert.Equal($"/v1/datasets/{Data}/versions/3", link.GetProperty("url").GetString());

        var data = await (await server.Anonymous.GetAsync($"/v1/datasets/{Data}/versions/3")).JsonAsync();
        var usedBy = Assert.Single(data.GetProperty("usedBy").EnumerateArray());
        Assert.Equal(Model, usedBy.GetProperty("repository").GetString());
        Assert.Equal("models", usedBy.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_private_dataset_stays_hidden_in_a_public_models_lineage_on_the_api_and_the_catalog()
    {
        var secret = $"secret-{_suffix}";
        await server.Admin.CreateRepositoryAsync("lab", secret, kind: "datasets", isPrivate: true);
        var rows = System.Text.Encoding.UTF8.GetBytes($"a,b\n3,4\n{secret}\n");
        await server.Admin.PutBlobAsync(rows);
        using var data = await server.Admin.PostAsJsonAsync($"/v1/datasets/lab/{secret}/versions",
            new { version = "1", files = new[] { new { path = "train.csv", digest = TestData.Digest(rows), size = rows.Length } } });
        await data.ExpectAsync(HttpStatusCode.Created);
        using var pushed = await PushModelAsync("2.0.0", $"{Data}@3", $"lab/{secret}@1");
        await pushed.ExpectAsync(HttpStatusCode.Accepted);

        var anonymous = await (await server.Anonymous.GetAsync($"/v1/models/{Model}/versions/2.0.0")).JsonAsync();
        var admin = await (await server.Admin.GetAsync($"/v1/models/{Model}/versions/2.0.0")).JsonAsync();
        var page = await server.Anonymous.GetStringAsync($"/models/{Model}?version=2.0.0");
        var adminPage = await server.Admin.GetStringAsync($"/models/{Model}?version=2.0.0");

        Assert.Equal([Data], anonymous.GetProperty("datasets").EnumerateArray().Select(l => l.GetProperty("repository").GetString()));
        Assert.Equal(2, admin.GetProperty("datasets").GetArrayLength());
        Assert.Contains(Data, page, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
        Assert.Contains(secret, adminPage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@9")]
    [InlineData("-missing@3")]
    public async Task Naming_a_dataset_version_that_does_not_exist_is_422_and_stores_nothing(string suffix)
    {
        using var pushed = await PushModelAsync("1.0.0", Data + suffix);

        Assert.Equal("dataset_version_not_found", await pushed.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        using var version = await server.Anonymous.GetAsync($"/v1/models/{Model}/versions/1.0.0");
        Assert.Equal(HttpStatusCode.NotFound, version.StatusCode);
    }

    [Fact]
    public async Task A_malformed_dataset_reference_is_400()
    {
        using var pushed = await PushModelAsync("1.0.0", "just-a-name");

        Assert.Equal("bad_request", await pushed.ProblemCodeAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_dataset_version_in_use_cannot_be_deleted_until_its_models_are()
    {
        (await PushModelAsync("1.0.0", $"{Data}@3")).Dispose();

        using (var blocked = await server.Admin.DeleteAsync($"/v1/datasets/{Data}/versions/3"))
        {
            Assert.Equal("version_in_use", await blocked.ProblemCodeAsync(HttpStatusCode.Conflict));
        }

        using (var repository = await server.Admin.DeleteAsync($"/v1/datasets/{Data}"))
        {
            Assert.Equal("version_in_use", await repository.ProblemCodeAsync(HttpStatusCode.Conflict));
        }

        (await server.Admin.DeleteAsync($"/v1/models/{Model}/versions/1.0.0")).Dispose();
        using var freed = await server.Admin.DeleteAsync($"/v1/datasets/{Data}/versions/3");
        Assert.Equal(HttpStatusCode.NoContent, freed.StatusCode);
    }
}

public sealed class LineageTestsOnEmbedded(EmbeddedServerFixture server) : LineageTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class LineageTestsOnPostgresS3(ExternalServerFixture server) : LineageTests(server), IClassFixture<ExternalServerFixture>;
