using System.Net.Http.Headers;
using ModelHub.Server.Downloads;

namespace ModelHub.Server.Tests.Downloads;

/// <summary>A repository laid out the way transformers.js expects, read through the Hugging-Face-shaped routes.</summary>
public abstract class HuggingFaceTests(ServerFixture server) : IAsyncLifetime
{
    private static readonly byte[] Config = """{"model_type":"test","architectures":["MatMul"]}"""u8.ToArray();
    private static readonly byte[] Model = Models.MatMul(3);
    private static readonly byte[] Fp16 = Models.MatMulFp16(3);
    private static readonly byte[] Quantized = Models.MatMulInt8(3);
    private string _repo = "";

    public async Task InitializeAsync()
    {
        _repo = $"hf/t-{Guid.NewGuid():N}"[..16];
        await server.Admin.CreateRepositoryAsync("hf", _repo[3..]);
        (string, byte[])[] files =
            [("config.json", Config), ("onnx/model.onnx", Model), ("onnx/model_fp16.onnx", Fp16), ("onnx/model_quantized.onnx", Quantized)];
        await server.Admin.PushAndWaitAsync(_repo, "1.0.0", files);
        await server.Admin.PushAndWaitAsync(
            _repo, "1.1.0", files.Select(f => f.Item1 == "config.json" ? (f.Item1, "{}"u8.ToArray()) : f).ToArray());
        await server.Admin.MoveChannelAsync(_repo, "stable", "1.0.0");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // The files of each version, as the commit id is derived from them.
    private static string CommitOf(string version) => VersionCommits.Compute(
        new[] { ("config.json", version == "1.0.0" ? Config : "{}"u8.ToArray()), ("onnx/model.onnx", Model),
            ("onnx/model_fp16.onnx", Fp16), ("onnx/model_quantized.onnx", Quantized) }
        .Select(f => (f.Item1, TestData.Digest(f.Item2), (long)f.Item2.Length)));

    [Theory]
    [InlineData("main", "1.0.0")]
    [InlineData("stable", "1.0.0")]
    [InlineData("1.1.0", "1.1.0")]
    [InlineData("1%2E0%2E0", "1.0.0")]
    public async Task Resolve_by_main_channel_version_or_encoded_revision(string revision, string version)
    {
        using var response = await server.Anonymous.GetAsync($"/{_repo}/resolve/{revision}/config.json");

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(CommitOf(version), response.Headers.GetValues("X-Repo-Commit").Single());
        Assert.Equal(version == "1.0.0" ? Config : "{}"u8.ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_commit_is_40_hex_from_the_content_and_resolves_as_a_revision()
    {
        using var main = await server.Anonymous.GetAsync($"/{_repo}/resolve/main/config.json");
        var commit = main.Headers.GetValues("X-Repo-Commit").Single();
        using var byCommit = await server.Anonymous.GetAsync($"/{_repo}/resolve/{commit}/config.json");
        var info = await (await server.Anonymous.GetAsync($"/api/models/{_repo}/revision/{commit}")).JsonAsync();
        using var unknown = await server.Anonymous.GetAsync($"/{_repo}/resolve/{new string('a', 40)}/config.json");

        Assert.Matches("^[0-9a-f]{40}$", commit);
        Assert.Equal(Config, await byCommit.Content.ReadAsByteArrayAsync());
        Assert.Equal(commit, byCommit.Headers.GetValues("X-Repo-Commit").Single());
        Assert.Equal(commit, info.GetProperty("sha").GetString());
        Assert.Equal("file_not_found", await unknown.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Every_file_transformers_js_asks_for_loads_with_the_headers_it_reads()
    {
        var expected = new[]
        {
            ("config.json", Config), ("onnx/model.onnx", Model), ("onnx/model_fp16.onnx", Fp16), ("onnx/model_quantized.onnx", Quantized),
        };
        foreach (var (path, bytes) in expected)
        {
            using var head = await server.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/{_repo}/resolve/main/{path}"));
            using var get = await server.Anonymous.GetAsync($"/{_repo}/resolve/main/{path}");
            var hex = TestData.Digest(bytes)["sha256:".Length..];

            await head.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal($"\"{hex}\"", head.Headers.GetValues("X-Linked-Etag").Single());
            Assert.Equal(bytes.Length.ToString(), head.Headers.GetValues("X-Linked-Size").Single());
            Assert.NotNull(head.Headers.ETag);
            Assert.Contains("bytes", head.Headers.AcceptRanges);
            Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Range_probe_answers_206_with_the_total()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{_repo}/resolve/main/onnx/model.onnx");
        request.Headers.Range = new RangeHeaderValue(0, 0);
        using var response = await server.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Model.Length, response.Content.Headers.ContentRange!.Length);
        Assert.Equal(Model[..1], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Missing_file_or_revision_is_404()
    {
        using var file = await server.Anonymous.GetAsync($"/{_repo}/resolve/main/tokenizer.json");
        using var revision = await server.Anonymous.GetAsync($"/{_repo}/resolve/9.9.9/config.json");

        Assert.Equal("file_not_found", await file.ProblemCodeAsync(HttpStatusCode.NotFound));
        Assert.Equal("file_not_found", await revision.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Api_models_lists_sha_and_siblings()
    {
        var main = await (await server.Anonymous.GetAsync($"/api/models/{_repo}")).JsonAsync();
        var pinned = await (await server.Anonymous.GetAsync($"/api/models/{_repo}/revision/1.1.0")).JsonAsync();

        Assert.Equal(_repo, main.GetProperty("id").GetString());
        Assert.Equal(CommitOf("1.0.0"), main.GetProperty("sha").GetString());
        Assert.Equal(["config.json", "onnx/model.onnx", "onnx/model_fp16.onnx", "onnx/model_quantized.onnx"],
            main.GetProperty("siblings").EnumerateArray().Select(s => s.GetProperty("rfilename").GetString()));
        Assert.Equal(CommitOf("1.1.0"), pinned.GetProperty("sha").GetString());
    }

    [Fact]
    public async Task Manifest_of_a_hugging_face_layout_offers_each_onnx_file_as_a_tier()
    {
        var manifest = await (await server.Anonymous.GetAsync($"/v1/models/{_repo}/manifest?ep=cpu")).JsonAsync();

        var tiers = new[] { manifest.GetProperty("variant") }.Concat(manifest.GetProperty("fallbacks").EnumerateArray())
            .Select(v => v.GetProperty("name").GetString()).Order();
        Assert.Equal(["model", "model_fp16", "model_quantized"], tiers);
        Assert.Equal("model", manifest.GetProperty("variant").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Datasets_resolve_under_the_datasets_prefix()
    {
        var name = $"d-{Guid.NewGuid():N}"[..12];
        await server.Admin.CreateRepositoryAsync("hf", name, "datasets");
        var bytes = "a,b\n1,2\n"u8.ToArray();
        await server.Admin.PutBlobAsync(bytes);
        (await server.Admin.PostAsync($"/v1/datasets/hf/{name}/versions", new StringContent(
            $$"""{"version":"1","files":[{"path":"train.csv","digest":"{{TestData.Digest(bytes)}}","size":{{bytes.Length}}}]}""",
            System.Text.Encoding.UTF8, "application/json"))).Dispose();

        using var response = await server.Anonymous.GetAsync($"/datasets/hf/{name}/resolve/main/train.csv");

        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }
}

public sealed class HuggingFaceTestsOnEmbedded(EmbeddedServerFixture server)
    : HuggingFaceTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class HuggingFaceTestsOnPostgresS3(ExternalServerFixture server)
    : HuggingFaceTests(server), IClassFixture<ExternalServerFixture>;
