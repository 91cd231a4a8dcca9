using System.Text;

namespace ModelHub.Server.Tests.Datasets;

public abstract class CommitTests(ServerFixture server)
{
    private const string Table = "id,label,score\n1,cat,0.9\n2,dog,0.8\n3,cat,0.7\n4,bird,0.6\n";

    private HttpClient Admin => server.Admin;

    [Fact]
    public async Task A_commit_upserts_and_deletes_rows_shares_unchanged_files_and_records_its_parent_and_changes()
    {
        var readme = "# pets"u8.ToArray();
        await DatasetSeed.PushAsync(server, "lab/commits", "1", false, ("train.csv", Encoding.UTF8.GetBytes(Table)), ("README.md", readme));
        await DatasetJobs.RunAsync(server);
        var upserts = await UploadAsync("id,label\n2,cat\n5,fish\n");
        var deletes = await UploadAsync("4\n");

        using var response = await Admin.PostAsJsonAsync("/v1/datasets/lab/commits/commits", new
        {
            parent = "1",
            notes = "relabel",
            tables = new[] { new { path = "train.csv", key = "id", upserts = upserts with { Format = "csv" }, deletes } },
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        var version = await response.JsonAsync();
        await DatasetJobs.RunAsync(server);
        var rows = await (await Admin.GetAsync("/v1/datasets/lab/commits/versions/2/rows?table=train.parquet")).JsonAsync();
        var history = await (await Admin.GetAsync("/v1/datasets/lab/commits/commits")).JsonAsync();

        Assert.Equal(("2", "1"), (version.GetProperty("version").GetString(), version.GetProperty("parent").GetString()));
        var changes = version.GetProperty("changes");
        Assert.Equal((1, 1, 1), (changes.GetProperty("rowsAdded").GetInt32(), changes.GetProperty("rowsRemoved").GetInt32(),
            changes.GetProperty("rowsChanged").GetInt32()));
        Assert.Equal(["train.parquet"], Strings(changes.GetProperty("filesAdded")));
        Assert.Equal(["train.csv"], Strings(changes.GetProperty("filesRemoved")));
        var files = version.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("digest").GetString());
        Assert.Equal(TestData.Digest(readme), files["README.md"]);
        Assert.Equal([(1L, "cat"), (2L, "cat"), (3L, "cat"), (5L, "fish")], rows.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("values").GetProperty("id").GetInt64(), r.GetProperty("values").GetProperty("label").GetString())));
        Assert.Equal(["2", "1"], history.EnumerateArray().Select(c => c.GetProperty("version").GetString()));
        Assert.Equal("id", (await (await Admin.GetAsync("/v1/datasets/lab/commits/versions/2/tables")).JsonAsync())[0]
            .GetProperty("key").GetString());
    }

    [Fact]
    public async Task Compare_lists_file_changes_row_changes_with_cells_and_the_label_shift()
    {
        await DatasetSeed.PushAsync(server, "lab/compare", "1", false, ("train.csv", Encoding.UTF8.GetBytes(Table)));
        await DatasetJobs.RunAsync(server);
        await CommitAsync("lab/compare", "1", await UploadAsync("id,label\n2,cat\n"), null);
        await DatasetJobs.RunAsync(server);

        var diff = await (await Admin.GetAsync("/v1/datasets/lab/compare/compare/1...2")).JsonAsync();
        var added = await (await Admin.GetAsync("/v1/datasets/lab/compare/compare/1...2?change=added")).JsonAsync();

        Assert.Equal(["train.csv:removed", "train.parquet:added"], diff.GetProperty("files").EnumerateArray()
            .Select(f => $"{f.GetProperty("path").GetString()}:{f.GetProperty("change").GetString()}"));
        var table = diff.GetProperty("tables").EnumerateArray().Single();
        Assert.Equal(("train.csv", "train.parquet"),
            (table.GetProperty("basePath").GetString(), table.GetProperty("headPath").GetString()));
        var comparison = table.GetProperty("comparison");
        Assert.Equal("id", comparison.GetProperty("keyColumn").GetString());
        Assert.Equal(1, comparison.GetProperty("rowsChanged").GetInt32());
        var cell = comparison.GetProperty("changes")[0].GetProperty("cells").EnumerateArray().Single();
        Assert.Equal(("label", "dog", "cat"), (cell.GetProperty("column").GetString(), cell.GetProperty("before").GetString(),
            cell.GetProperty("after").GetString()));
        var cats = comparison.GetProperty("labels").GetProperty("values").EnumerateArray()
            .Single(v => v.GetProperty("value").GetString() == "cat");
        Assert.Equal((2, 3), (cats.GetProperty("before").GetInt32(), cats.GetProperty("after").GetInt32()));
        Assert.Empty(added.GetProperty("tables")[0].GetProperty("comparison").GetProperty("changes").EnumerateArray());
    }

    [Theory]
    [InlineData("id,label\n2,cat\n2,dog\n", null, "duplicate_key")]
    [InlineData(null, "9\n", "key_not_found")]
    [InlineData("id,score\n1,lots\n", null, "edit_invalid")]
    [InlineData("id,colour\n1,red\n", null, "edit_invalid")]
    public async Task A_bad_edit_is_422_with_a_stable_code_and_stores_no_version(string? upserts, string? deletes, string code)
    {
        await DatasetSeed.PushAsync(server, "lab/refused", "1", false, ("train.csv", Encoding.UTF8.GetBytes(Table)));
        await DatasetJobs.RunAsync(server);

        using var response = await PostCommitAsync("lab/refused", "1",
            upserts is null ? null : await UploadAsync(upserts), deletes is null ? null : await UploadAsync(deletes));
        var versions = await (await Admin.GetAsync("/v1/datasets/lab/refused/versions")).JsonAsync();

        Assert.Equal(code, await response.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        Assert.Equal(["1"], versions.EnumerateArray().Select(v => v.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task A_commit_on_a_missing_parent_table_or_key_is_refused()
    {
        await DatasetSeed.PushAsync(server, "lab/bad-commits", "1", false, ("train.csv", Encoding.UTF8.GetBytes(Table)));
        await DatasetJobs.RunAsync(server);
        var edits = await UploadAsync("id,label\n1,dog\n");

        using var parent = await PostCommitAsync("lab/bad-commits", "7", edits, null);
        using var table = await Admin.PostAsJsonAsync("/v1/datasets/lab/bad-commits/commits",
            new { parent = "1", tables = new[] { new { path = "other.csv", key = "id", upserts = edits } } });
        using var key = await Admin.PostAsJsonAsync("/v1/datasets/lab/bad-commits/commits",
            new { parent = "1", tables = new[] { new { path = "train.csv", upserts = edits } } });
        using var nothing = await Admin.PostAsJsonAsync("/v1/datasets/lab/bad-commits/commits", new { parent = "1" });
        using var anonymous = await server.Anonymous.PostAsJsonAsync("/v1/datasets/lab/bad-commits/commits", new { parent = "1" });

        Assert.Equal("parent_not_found", await parent.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        Assert.Equal("table_not_found", await table.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        Assert.Equal("key_required", await key.ProblemCodeAsync(HttpStatusCode.BadRequest));
        Assert.Equal("nothing_to_commit", await nothing.ProblemCodeAsync(HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_writer_commits_edits_it_uploaded_but_no_other_owners_blob_named_by_digest()
    {
        await DatasetSeed.PushAsync(server, "crew/pets", "1", false, ("train.csv", Encoding.UTF8.GetBytes(Table)));
        var secret = Encoding.UTF8.GetBytes("id,label\n9,their-secret\n");
        await DatasetSeed.PushAsync(server, "vault/private", "1", true, ("train.csv", secret));
        await DatasetJobs.RunAsync(server);
        var (_, token) = await Admin.CreateTokenAsync(["write"], ["crew"]);
        using var writer = server.CreateClient(token);
        var own = Encoding.UTF8.GetBytes("id,label\n7,owl\n");
        await writer.PutBlobAsync(own);

        using var stolen = await writer.PostAsJsonAsync("/v1/datasets/crew/pets/commits", new
        {
            parent = "1",
            tables = new[] { new { path = "train.csv", key = "id", upserts = new Edit(TestData.Digest(secret), secret.Length, "csv") } },
        });
        using var committed = await writer.PostAsJsonAsync("/v1/datasets/crew/pets/commits", new
        {
            parent = "1",
            tables = new[] { new { path = "train.csv", key = "id", upserts = new Edit(TestData.Digest(own), own.Length, "csv") } },
        });

        Assert.Equal("blobs_missing", await stolen.ProblemCodeAsync(HttpStatusCode.Conflict));
        // The table the server wrote for the writer is the writer's to name in the new version.
        await committed.ExpectAsync(HttpStatusCode.Created);
    }

    private async Task<Edit> UploadAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new Edit(await Admin.PutBlobAsync(bytes), bytes.Length, "csv");
    }

    private async Task CommitAsync(string repo, string parent, Edit? upserts, Edit? deletes)
    {
        using var response = await PostCommitAsync(repo, parent, upserts, deletes);
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    private Task<HttpResponseMessage> PostCommitAsync(string repo, string parent, Edit? upserts, Edit? deletes) =>
        Admin.PostAsJsonAsync($"/v1/datasets/{repo}/commits",
            new { parent, tables = new[] { new { path = "train.csv", key = "id", upserts, deletes } } },
            new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            });

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());

    private sealed record Edit(string Digest, long Size, string Format);
}

public sealed class CommitTestsOnEmbedded(EmbeddedServerFixture server) : CommitTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class CommitTestsOnPostgresS3(ExternalServerFixture server) : CommitTests(server), IClassFixture<ExternalServerFixture>;
