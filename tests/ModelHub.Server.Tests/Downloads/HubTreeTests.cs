namespace ModelHub.Server.Tests.Downloads;

/// <summary><c>/api/models/{id}/tree/{revision}[/{path}]</c> lists a revision's files and folders as the Hub does, in pages.</summary>
public abstract class HubTreeTests(ServerFixture server) : IAsyncLifetime
{
    private readonly byte[] _model = Models.MatMul(41);
    private string _repo = "";

    public async Task InitializeAsync()
    {
        _repo = $"hf/tree-{Guid.NewGuid():N}"[..18];
        await server.Admin.CreateRepositoryAsync("hf", _repo[3..]);
        await server.Admin.PushAndWaitAsync(_repo, "1.0.0",
            [("config.json", "{}"u8.ToArray()), ("onnx/model.onnx", _model), ("onnx/extra/notes.txt", "n"u8.ToArray())]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_root_lists_folders_then_files_with_lfs_digests()
    {
        using var response = await server.Anonymous.GetAsync($"/api/models/{_repo}/tree/main");
        var entries = await response.JsonAsync();

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["directory:onnx", "file:config.json"],
            entries.EnumerateArray().Select(e => $"{e.GetProperty("type").GetString()}:{e.GetProperty("path").GetString()}"));
        var file = entries[1];
        Assert.Equal(2, file.GetProperty("size").GetInt64());
        Assert.Equal(TestData.Digest("{}"u8.ToArray())[7..], file.GetProperty("lfs").GetProperty("oid").GetString());
        Assert.Matches("^[0-9a-f]{40}$", response.Headers.GetValues("X-Repo-Commit").Single());
    }

    [Fact]
    public async Task A_folder_and_a_recursive_listing()
    {
        var folder = await (await server.Anonymous.GetAsync($"/api/models/{_repo}/tree/1.0.0/onnx")).JsonAsync();
        var all = await (await server.Anonymous.GetAsync($"/api/models/{_repo}/tree/main?recursive=true")).JsonAsync();
        using var missing = await server.Anonymous.GetAsync($"/api/models/{_repo}/tree/main/nothing");

        Assert.Equal(["onnx/extra", "onnx/model.onnx"], folder.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Equal(["config.json", "onnx/extra/notes.txt", "onnx/model.onnx"],
            all.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Equal("file_not_found", await missing.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Pages_follow_the_link_header()
    {
        var paths = new List<string>();
        var url = $"/api/models/{_repo}/tree/main?recursive=true&limit=2";
        while (url is not null)
        {
            using var response = await server.Anonymous.GetAsync(url);
            paths.AddRange((await response.JsonAsync()).EnumerateArray().Select(e => e.GetProperty("path").GetString()!));
            url = response.Headers.TryGetValues("Link", out var link)
                ? link.Single().Split('>')[0].TrimStart('<')
                : null;
        }

        using var badLimit = await server.Anonymous.GetAsync($"/api/models/{_repo}/tree/main?limit=0");
        using var badCursor = await server.Anonymous.GetAsync($"/api/models/{_repo}/tree/main?cursor=%%%");

        Assert.Equal(["config.json", "onnx/extra/notes.txt", "onnx/model.onnx"], paths);
        Assert.Equal("invalid_paging", await badLimit.ProblemCodeAsync(HttpStatusCode.BadRequest));
        Assert.Equal("invalid_paging", await badCursor.ProblemCodeAsync(HttpStatusCode.BadRequest));
    }
}

public sealed class HubTreeTestsOnEmbedded(EmbeddedServerFixture server) : HubTreeTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class HubTreeTestsOnPostgresS3(ExternalServerFixture server) : HubTreeTests(server), IClassFixture<ExternalServerFixture>;
