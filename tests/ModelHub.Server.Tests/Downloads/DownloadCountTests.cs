using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Server.Downloads;

namespace ModelHub.Server.Tests.Downloads;

/// <summary>
/// Downloads count completed transfers of a tier's file, by any route (version path, digest, Hugging Face); probes,
/// partial ranges and HEAD do not count, a range that reaches the end does; manifest lookups are counted apart.
/// </summary>
public abstract class DownloadCountTests(ServerFixture server) : IAsyncLifetime
{
    private readonly byte[] _model = Models.MatMul(31);
    private string _repo = "";

    public async Task InitializeAsync()
    {
        _repo = $"count/c-{Guid.NewGuid():N}"[..20];
        await server.Admin.CreateRepositoryAsync("count", _repo[6..]);
        await server.Admin.PushAndWaitAsync(_repo, "1.0.0", [("model.onnx", _model), ("config.json", "{}"u8.ToArray())]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Only_transfers_that_reach_the_last_byte_count()
    {
        var path = $"/v1/models/{_repo}/versions/1.0.0/files/model.onnx";
        var digest = $"/v1/blobs/{TestData.Digest(_model)}";

        await GetAsync(path);                                       // 1: whole file
        await GetAsync(digest);                                     // 2: by digest
        await GetAsync($"/{_repo}/resolve/main/model.onnx");        // 3: Hugging Face route
        await GetAsync(path, new RangeHeaderValue(0, 0));           // probe
        await GetAsync(path, new RangeHeaderValue(0, 99));          // first part of a resumable download
        await GetAsync(path, new RangeHeaderValue(100, null));      // 4: its last part
        await GetAsync(path, method: HttpMethod.Head);
        await GetAsync(digest, etag: $"\"{TestData.Digest(_model)}\"");   // 304
        var detail = await DetailAsync();

        Assert.Equal(4, detail.GetProperty("downloads").GetProperty("model").GetInt64());
        Assert.False(detail.TryGetProperty("manifestLookups", out var lookups) && lookups.ValueKind != JsonValueKind.Null
            && lookups.TryGetProperty("model", out _));
    }

    [Fact]
    public async Task Manifest_lookups_move_no_byte_and_are_counted_apart()
    {
        await GetAsync($"/v1/models/{_repo}/manifest?ep=cpu");
        await GetAsync($"/v1/models/{_repo}/manifest?ep=wasm");
        var detail = await DetailAsync();

        Assert.Equal(2, detail.GetProperty("manifestLookups").GetProperty("model").GetInt64());
        Assert.False(detail.GetProperty("downloads").TryGetProperty("model", out _));
    }

    [Fact]
    public async Task The_catalog_lists_downloads_and_manifest_lookups_side_by_side()
    {
        await GetAsync($"/v1/models/{_repo}/versions/1.0.0/files/model.onnx");
        await GetAsync($"/v1/models/{_repo}/manifest?ep=cpu");
        await DetailAsync();

        var html = await server.Anonymous.GetStringAsync($"/?q={_repo[6..]}");

        Assert.Contains("data-downloads=\"1\"", html);
        Assert.Contains("data-lookups=\"1\"", html);
    }

    private async Task GetAsync(string url, RangeHeaderValue? range = null, HttpMethod? method = null, string? etag = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        request.Headers.Range = range;
        if (etag is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        }

        using var response = await server.Anonymous.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified, $"{url}: {response.StatusCode}");
        await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<JsonElement> DetailAsync()
    {
        await server.Services.GetRequiredService<DownloadCounters>().FlushAsync();
        return await (await server.Admin.GetAsync($"/v1/models/{_repo}/versions/1.0.0")).JsonAsync();
    }
}

public sealed class DownloadCountTestsOnEmbedded(EmbeddedServerFixture server)
    : DownloadCountTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class DownloadCountTestsOnPostgresS3(ExternalServerFixture server)
    : DownloadCountTests(server), IClassFixture<ExternalServerFixture>;
