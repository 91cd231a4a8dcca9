using System.Net.Http.Headers;

namespace ModelHub.Server.Tests.Downloads;

public abstract class DownloadTests(ServerFixture server) : IAsyncLifetime
{
    private readonly byte[] _bytes = TestData.Bytes(10_000, seed: 61);
    private string _digest = "";
    private string _fileUrl = "";

    public async Task InitializeAsync()
    {
        var repo = $"dl-{Guid.NewGuid():N}"[..20];
        await server.Admin.CreateRepositoryAsync("acme", repo);
        using var created = await server.Admin.CreateVersionAsync($"acme/{repo}", "1.0.0", ("weights/model.bin", _bytes));
        await created.ExpectAsync(HttpStatusCode.Created);
        _digest = TestData.Digest(_bytes);
        _fileUrl = $"/v1/models/acme/{repo}/versions/1.0.0/files/weights/model.bin";
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string BlobUrl => $"/v1/blobs/{_digest}";

    [Fact]
    public async Task Digest_url_is_immutable_and_cacheable()
    {
        using var response = await server.Anonymous.GetAsync(BlobUrl);

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(_bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{_digest}\"", response.Headers.ETag!.Tag);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
        Assert.Contains("bytes", response.Headers.AcceptRanges);
        Assert.Equal(_digest, response.Headers.GetValues("Docker-Content-Digest").Single());
    }

    [Fact]
    public async Task Version_path_serves_the_same_bytes_with_the_digest_as_etag()
    {
        using var response = await server.Anonymous.GetAsync(_fileUrl);

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(_bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{_digest}\"", response.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("bytes=0-0", 0, 1)]
    [InlineData("bytes=100-199", 100, 100)]
    [InlineData("bytes=9990-", 9990, 10)]
    [InlineData("bytes=-25", 9975, 25)]
    [InlineData("bytes=9000-20000", 9000, 1000)]
    public async Task Range_answers_206_with_the_slice_and_the_true_total(string range, int offset, int length)
    {
        foreach (var url in new[] { BlobUrl, _fileUrl })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Range", range);
            using var response = await server.Anonymous.SendAsync(request);

            await response.ExpectAsync(HttpStatusCode.PartialContent);
            Assert.Equal(_bytes[offset..(offset + length)], await response.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes {offset}-{offset + length - 1}/10000", response.Content.Headers.ContentRange!.ToString());
        }
    }

    [Fact]
    public async Task Range_beyond_the_end_answers_416_with_the_size()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, BlobUrl);
        request.Headers.TryAddWithoutValidation("Range", "bytes=10000-10010");
        using var response = await server.Anonymous.SendAsync(request);

        Assert.Equal("range_not_satisfiable", await response.ProblemCodeAsync(HttpStatusCode.RequestedRangeNotSatisfiable));
        Assert.Equal("bytes */10000", response.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task If_range_with_the_current_etag_honours_the_range_and_a_stale_one_gets_everything()
    {
        using var current = new HttpRequestMessage(HttpMethod.Get, BlobUrl);
        current.Headers.TryAddWithoutValidation("Range", "bytes=5-9");
        current.Headers.TryAddWithoutValidation("If-Range", $"\"{_digest}\"");
        using var stale = new HttpRequestMessage(HttpMethod.Get, BlobUrl);
        stale.Headers.TryAddWithoutValidation("Range", "bytes=5-9");
        stale.Headers.TryAddWithoutValidation("If-Range", "\"sha256:0000\"");

        using var partial = await server.Anonymous.SendAsync(current);
        using var whole = await server.Anonymous.SendAsync(stale);

        await partial.ExpectAsync(HttpStatusCode.PartialContent);
        Assert.Equal(_bytes[5..10], await partial.Content.ReadAsByteArrayAsync());
        await whole.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(_bytes, await whole.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task If_none_match_with_the_etag_answers_304_without_a_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _fileUrl);
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{_digest}\""));
        using var response = await server.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_reports_size_and_etag_without_a_body()
    {
        using var response = await server.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, _fileUrl));

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10_000, response.Content.Headers.ContentLength);
        Assert.Equal($"\"{_digest}\"", response.Headers.ETag!.Tag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Missing_file_and_unknown_blob_answer_404_problems()
    {
        using var file = await server.Anonymous.GetAsync(_fileUrl.Replace("model.bin", "nope.bin"));
        using var blob = await server.Anonymous.GetAsync($"/v1/blobs/sha256:{new string('a', 64)}");

        Assert.Equal("file_not_found", await file.ProblemCodeAsync(HttpStatusCode.NotFound));
        Assert.Equal("blob_not_found", await blob.ProblemCodeAsync(HttpStatusCode.NotFound));
    }
}

public sealed class DownloadTestsOnEmbedded(EmbeddedServerFixture server) : DownloadTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class DownloadTestsOnPostgresS3(ExternalServerFixture server) : DownloadTests(server), IClassFixture<ExternalServerFixture>;
