namespace ModelHub.Server.Tests.Downloads;

/// <summary>
/// A public version with thousands of files costs an anonymous request only what it asks for: the Hugging Face resolve
/// route reads the one file, the tree route the folder it lists, the catalog's version page the tiers and one page of
/// the file list. Rows read are counted through EF Core's diagnostic events, per request (no timings).
/// </summary>
public abstract class LargeVersionTests(ServerFixture server) : IAsyncLifetime, IDisposable
{
    private const string Repo = "crowd/many-files";
    private const int BulkFiles = 1_990, SmallFiles = 10;

    /// <summary>Far below the version's 2,000 files; what one request may read besides the version's own rows.</summary>
    private const int FewRows = 40;

    private readonly SqlCommandCounter _counter = new();

    public void Dispose() => _counter.Dispose();

    public async Task InitializeAsync()
    {
        using var exists = await server.Anonymous.GetAsync($"/v1/models/{Repo}");
        if (exists.StatusCode == HttpStatusCode.OK)
        {
            return;
        }

        await server.Admin.CreateRepositoryAsync("crowd", "many-files");
        var bytes = "the same small file"u8.ToArray();
        var digest = await server.Admin.PutBlobAsync(bytes);
        var paths = Enumerable.Range(0, BulkFiles).Select(i => $"bulk/f{i:0000}.txt")
            .Concat(Enumerable.Range(0, SmallFiles).Select(i => $"small/f{i}.txt"));
        using var created = await server.Admin.PostAsJsonAsync($"/v1/models/{Repo}/versions", new
        {
            version = "1.0.0",
            files = paths.Select(path => new { path, digest, size = bytes.Length }),
        });
        await created.ExpectAsync(HttpStatusCode.Created);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(HttpResponseMessage Response, int Rows)> ProbeAsync(string path)
    {
        var probe = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("baggage", $"probe={probe}");
        var response = await server.Anonymous.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, _counter.RowsFor(probe));
    }

    [Fact]
    public async Task Resolving_one_file_reads_that_file_not_the_version()
    {
        // The version's commit id (X-Repo-Commit) is computed from its file list once per process, then remembered.
        (await ProbeAsync($"/{Repo}/resolve/main/bulk/f0001.txt")).Response.Dispose();

        var (resolve, rows) = await ProbeAsync($"/{Repo}/resolve/1.0.0/bulk/f1234.txt");
        var (byPath, pathRows) = await ProbeAsync($"/v1/models/{Repo}/versions/1.0.0/files/bulk/f1234.txt");

        using (resolve)
        using (byPath)
        {
            await resolve.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(40, Assert.Single(resolve.Headers.GetValues("X-Repo-Commit")).Length);
            Assert.InRange(rows, 1, FewRows);
            await byPath.ExpectAsync(HttpStatusCode.OK);
            Assert.InRange(pathRows, 1, FewRows);
        }
    }

    [Fact]
    public async Task The_tree_of_a_small_folder_reads_that_folder()
    {
        var (tree, rows) = await ProbeAsync($"/api/models/{Repo}/tree/1.0.0/small");

        using (tree)
        {
            var entries = await tree.JsonAsync();
            Assert.Equal(SmallFiles, entries.GetArrayLength());
            Assert.InRange(rows, SmallFiles, SmallFiles + FewRows);
        }
    }

    [Fact]
    public async Task The_catalog_shows_a_page_of_the_files_and_reads_no_more()
    {
        var (first, rows) = await ProbeAsync($"/models/{Repo}");
        var (last, _) = await ProbeAsync($"/models/{Repo}?version=1.0.0&files=20");

        using (first)
        using (last)
        {
            var page = await first.Content.ReadAsStringAsync();
            Assert.Contains("Files page 1 of 20", page, StringComparison.Ordinal);
            Assert.Contains("bulk/f0099.txt", page, StringComparison.Ordinal);
            Assert.DoesNotContain("bulk/f0100.txt", page, StringComparison.Ordinal);
            Assert.Contains("files=2\"", page, StringComparison.Ordinal);
            Assert.InRange(rows, 1, 100 + FewRows);
            var lastPage = await last.Content.ReadAsStringAsync();
            Assert.Contains("Files page 20 of 20", lastPage, StringComparison.Ordinal);
            Assert.Contains("small/f9.txt", lastPage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hugging_face_info_still_lists_every_file_for_its_clients()
    {
        var info = await server.Anonymous.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/models/{Repo}/revision/1.0.0");

        Assert.Equal(BulkFiles + SmallFiles, info.GetProperty("siblings").GetArrayLength());
    }
}

public sealed class LargeVersionTestsOnEmbedded(EmbeddedServerFixture server)
    : LargeVersionTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class LargeVersionTestsOnPostgresS3(ExternalServerFixture server)
    : LargeVersionTests(server), IClassFixture<ExternalServerFixture>;
