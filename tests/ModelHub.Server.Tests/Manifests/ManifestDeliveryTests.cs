using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Server.Manifests;

namespace ModelHub.Server.Tests.Manifests;

/// <summary>
/// What a manifest states and how it is cached: the question it answers and its lifetime are signed, browsers are
/// recognised from their client hints, tiers rank by the device's best provider, the default channel falls back like
/// Hugging Face's <c>main</c>, weak validators revalidate, and one question is one cached body.
/// </summary>
public abstract class ManifestDeliveryTests(ServerFixture server) : IAsyncLifetime
{
    private static readonly object Tiers = new[]
    {
        new { name = "fp32", file = "model.onnx", reference = true, providers = new[] { "wasm", "cpu" } },
        new { name = "fp16", file = "model_fp16.onnx", reference = false, providers = new[] { "webgpu" } },
    };

    private string _repo = "";

    public async Task InitializeAsync()
    {
        _repo = $"lab/d-{Guid.NewGuid():N}"[..18];
        await server.Admin.CreateRepositoryAsync("lab", _repo[4..]);
        foreach (var (version, seed) in new[] { ("1.0.0", 1), ("2.0.0", 2) })
        {
            await server.Admin.PushAndWaitAsync(_repo, version,
                [("model.onnx", Models.MatMul(seed)), ("model_fp16.onnx", Models.MatMulFp16(seed))], Tiers);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_signed_body_says_what_it_answers_and_until_when()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var manifest = await ManifestAsync("version=1.0.0&ep=wasm,webgpu&memory=4g&platform=web&clientId=abc");

        var request = manifest.GetProperty("request");
        Assert.Equal(_repo, request.GetProperty("repository").GetString());
        Assert.Equal("1.0.0", request.GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("channel").ValueKind);
        Assert.Equal("memory=4096;ep=wasm,webgpu;platform=web", request.GetProperty("device").GetString());
        var issued = manifest.GetProperty("issuedAt").GetDateTimeOffset();
        Assert.InRange(issued, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(TimeSpan.FromHours(1), manifest.GetProperty("expiresAt").GetDateTimeOffset() - issued);
    }

    [Fact]
    public async Task A_browser_is_recognised_from_its_client_hints_and_gets_the_webgpu_tier()
    {
        var hinted = await ManifestAsync("version=1.0.0&ep=webgpu,wasm", h => h.Add("Sec-CH-UA-Platform", "\"Android\""));
        var plain = await ManifestAsync("version=1.0.0&ep=wasm", h => h.Add("Sec-CH-UA-Platform", "\"Windows\""));

        Assert.Equal("fp16", hinted.GetProperty("variant").GetProperty("name").GetString());
        Assert.Equal("webgpu", hinted.GetProperty("variant").GetProperty("executionProvider").GetString());
        Assert.Equal("wasm", hinted.GetProperty("fallbacks")[0].GetProperty("executionProvider").GetString());
        Assert.EndsWith("platform=web", hinted.GetProperty("request").GetProperty("device").GetString());
        Assert.Equal("fp32", plain.GetProperty("variant").GetProperty("name").GetString());
        // No tier declares its memory: validation measured each one's peak, and the manifest says so.
        Assert.Equal("measured", plain.GetProperty("variant").GetProperty("memorySource").GetString());
    }

    [Fact]
    public async Task An_android_device_naming_only_nnapi_still_runs_the_cpu_tier()
    {
        var manifest = await ManifestAsync("version=1.0.0&ep=nnapi&platform=android");

        Assert.Equal("fp32", manifest.GetProperty("variant").GetProperty("name").GetString());
        Assert.Equal("cpu", manifest.GetProperty("variant").GetProperty("executionProvider").GetString());
    }

    [Fact]
    public async Task Without_a_stable_channel_the_default_is_the_latest_published_version_as_for_main()
    {
        var manifest = await ManifestAsync("ep=cpu");
        using var hub = await server.Anonymous.GetAsync($"/{_repo}/resolve/main/model.onnx");
        await server.Admin.MoveChannelAsync(_repo, "stable", "1.0.0");
        var pinned = await ManifestAsync("ep=cpu");
        using var named = await server.Anonymous.GetAsync($"/v1/models/{_repo}/manifest?channel=nightly");

        Assert.Equal("2.0.0", manifest.GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("channel").ValueKind);
        Assert.Equal("stable", manifest.GetProperty("request").GetProperty("channel").GetString());
        Assert.StartsWith("no stable channel, so the latest published version (2.0.0); chose fp32",
            manifest.GetProperty("reason").GetString());
        Assert.Equal(Models.MatMul(2), await hub.Content.ReadAsByteArrayAsync());
        Assert.Equal("1.0.0", pinned.GetProperty("version").GetString());
        Assert.Equal("channel_not_found", await named.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("W/{etag}")]
    [InlineData("*")]
    [InlineData("\"other\", {etag}")]
    public async Task If_none_match_compares_weakly_and_star_matches(string condition)
    {
        using var first = await server.Anonymous.GetAsync($"/v1/models/{_repo}/manifest?version=1.0.0&ep=cpu");
        var etag = first.Headers.ETag!.Tag;
        var blob = (await first.JsonAsync()).GetProperty("variant").GetProperty("files")[0].GetProperty("url").GetString()!;

        var digest = blob["/v1/blobs/".Length..];
        foreach (var (url, tag) in new[] { ($"/v1/models/{_repo}/manifest?version=1.0.0&ep=cpu", etag), (blob, $"\"{digest}\"") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("If-None-Match", condition.Replace("{etag}", tag));
            using var response = await server.Anonymous.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_client_id_and_the_way_a_device_is_described_do_not_make_new_bodies()
    {
        var cache = server.Services.GetRequiredService<ManifestCache>();
        (await server.Anonymous.GetAsync($"/v1/models/{_repo}/manifest?version=2.0.0&ep=cpu&memory=2g")).Dispose();
        var before = cache.BodyUsage.Count;

        foreach (var query in new[] { "ep=cpu&memory=2048&clientId=a", "ep=CPU&memory=2g&clientId=b", "memory=2048m&ep=cpu" })
        {
            (await server.Anonymous.GetAsync($"/v1/models/{_repo}/manifest?version=2.0.0&{query}")).Dispose();
        }

        Assert.Equal(before, cache.BodyUsage.Count);
    }

    private async Task<JsonElement> ManifestAsync(string query, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/models/{_repo}/manifest?{query}");
        headers?.Invoke(request.Headers);
        using var response = await server.Anonymous.SendAsync(request);
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }
}

public sealed class ManifestDeliveryTestsOnEmbedded(EmbeddedServerFixture server)
    : ManifestDeliveryTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ManifestDeliveryTestsOnPostgresS3(ExternalServerFixture server)
    : ManifestDeliveryTests(server), IClassFixture<ExternalServerFixture>;
