using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Contracts;
using ModelHub.Server.Downloads;
using ModelHub.Server.Manifests;

namespace ModelHub.Server.Tests.Manifests;

public abstract partial class ManifestTests(ServerFixture server) : IAsyncLifetime
{
    private static readonly object Tiers = new[]
    {
        new { name = "fp32", file = "model.onnx", reference = true, providers = new[] { "cpu", "cuda" } },
        new { name = "fp16", file = "model_fp16.onnx", reference = false, providers = new[] { "webgpu", "cuda" } },
        new { name = "int8", file = "model_int8.onnx", reference = false, providers = new[] { "cpu", "wasm" } },
    };

    private string _repo = "";

    public async Task InitializeAsync()
    {
        _repo = $"lab/m-{Guid.NewGuid():N}"[..18];
        await server.Admin.CreateRepositoryAsync("lab", _repo[4..]);
        foreach (var (version, seed) in new[] { ("1.0.0", 1), ("2.0.0", 2) })
        {
            await server.Admin.PushAndWaitAsync(_repo, version,
                [
                    ("model.onnx", Models.MatMul(seed)), ("model_fp16.onnx", Models.MatMulFp16(seed)),
                    ("model_int8.onnx", Models.MatMulInt8(seed)), ("config.json", "{}"u8.ToArray()),
                ],
                Tiers);
        }

        await server.Admin.MoveChannelAsync(_repo, "stable", "1.0.0");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> ManifestAsync(string query, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/models/{_repo}/manifest?{query}");
        headers?.Invoke(request.Headers);
        return server.Anonymous.SendAsync(request);
    }

    [Theory]
    [InlineData("ep=cpu", "fp32")]
    [InlineData("ep=webgpu,wasm&platform=web&memory=16g", "fp16")]
    [InlineData("ep=wasm&platform=web", "int8")]
    public async Task Device_gets_the_tier_that_fits_it_with_reasons(string query, string expected)
    {
        using var response = await ManifestAsync(query);
        var manifest = await response.JsonAsync();

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(expected, manifest.GetProperty("variant").GetProperty("name").GetString());
        Assert.Equal("1.0.0", manifest.GetProperty("version").GetString());
        Assert.Equal("stable", manifest.GetProperty("channel").GetString());
        Assert.StartsWith($"chose {expected} on ", manifest.GetProperty("reason").GetString());
        var file = manifest.GetProperty("variant").GetProperty("files")[0];
        Assert.Matches("^/v1/blobs/sha256:[0-9a-f]{64}$", file.GetProperty("url").GetString());
        Assert.Equal("config.json", manifest.GetProperty("sharedFiles")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Client_hints_in_headers_are_read_and_listed_in_vary()
    {
        using var response = await ManifestAsync("", h =>
        {
            h.TryAddWithoutValidation("Device-Memory", "8");
            h.TryAddWithoutValidation("Save-Data", "on");
            h.TryAddWithoutValidation("ModelHub-Providers", "cpu");
        });
        var manifest = await response.JsonAsync();
        var chosen = manifest.GetProperty("variant").GetProperty("size").GetInt64();

        // Save-Data: the smallest tier the CPU can run, whichever that is for these tiny models.
        Assert.StartsWith("chose", manifest.GetProperty("reason").GetString());
        Assert.Contains("Save-Data is on", manifest.GetProperty("reason").GetString());
        Assert.All(manifest.GetProperty("fallbacks").EnumerateArray(), f => Assert.True(f.GetProperty("size").GetInt64() >= chosen));
        Assert.Contains("Device-Memory", response.Headers.Vary);
        Assert.Contains("Save-Data", response.Headers.Vary);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Budget_too_small_answers_422_with_a_reason_per_tier()
    {
        using var response = await ManifestAsync("ep=cpu&budget=10");

        Assert.Equal("no_tier_fits", await response.ProblemCodeAsync(HttpStatusCode.UnprocessableEntity));
        var excluded = (await response.JsonAsync()).GetProperty("excluded");
        Assert.Equal(3, excluded.GetArrayLength());
        Assert.Equal(2, excluded.EnumerateArray().Count(e => e.GetProperty("reason").GetString()!.Contains("over the download budget")));
        Assert.Contains(excluded.EnumerateArray(), e => e.GetProperty("reason").GetString()!.StartsWith("needs webgpu or cuda"));
    }

    [Fact]
    public async Task Etag_gives_304_and_a_channel_move_changes_it()
    {
        using var first = await ManifestAsync("ep=cpu");
        var etag = first.Headers.ETag!;
        using var again = await ManifestAsync("ep=cpu", h => h.IfNoneMatch.Add(etag));
        await server.Admin.MoveChannelAsync(_repo, "stable", "2.0.0");
        using var moved = await ManifestAsync("ep=cpu", h => h.IfNoneMatch.Add(etag));

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        await moved.ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual(etag, moved.Headers.ETag);
        Assert.Equal("2.0.0", (await moved.JsonAsync()).GetProperty("version").GetString());
    }

    [Fact]
    public async Task Signature_verifies_with_the_published_key_and_fails_on_a_changed_byte()
    {
        using var response = await ManifestAsync("ep=cpu");
        var body = await response.Content.ReadAsByteArrayAsync();
        var header = response.Headers.GetValues(ApiHeaders.Signature).Single();
        var key = await (await server.Anonymous.GetAsync(ManifestEndpoints.KeyPath)).JsonAsync();
        var publicKey = Convert.FromBase64String(key.GetProperty("key").GetString()!);
        var signature = Convert.FromBase64String(SignatureRegex().Match(header).Groups[1].Value);
        var tampered = (byte[])body.Clone();
        tampered[10] ^= 1;

        Assert.Equal("ed25519", key.GetProperty("algorithm").GetString());
        Assert.Contains($"keyid=\"{key.GetProperty("keyId").GetString()}\"", header);
        Assert.True(ManifestSigner.Verify(publicKey, body, signature));
        Assert.False(ManifestSigner.Verify(publicKey, tampered, signature));
    }

    [Fact]
    public async Task Staged_rollout_sends_a_stable_share_of_clients_to_the_new_version()
    {
        await server.Admin.MoveChannelAsync(_repo, "beta", "1.0.0", rollout: "2.0.0", percent: 50);

        var versions = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var manifest = await (await ManifestAsync($"channel=beta&ep=cpu&clientId=device-{i}")).JsonAsync();
            versions.Add(manifest.GetProperty("version").GetString()!);
        }

        var repeat = await (await ManifestAsync("channel=beta&ep=cpu&clientId=device-7")).JsonAsync();
        var anonymous = await (await ManifestAsync("channel=beta&ep=cpu")).JsonAsync();

        Assert.InRange(versions.Count(v => v == "2.0.0"), 8, 32);
        Assert.Equal(versions[7], repeat.GetProperty("version").GetString());
        Assert.Equal("1.0.0", anonymous.GetProperty("version").GetString());
        Assert.Equal(50, anonymous.GetProperty("rollout").GetProperty("percent").GetDouble());
    }

    [Fact]
    public async Task Channel_history_records_moves_and_rollback_moves_back()
    {
        await server.Admin.MoveChannelAsync(_repo, "canary", "1.0.0");
        await server.Admin.MoveChannelAsync(_repo, "canary", "2.0.0");

        using var rollback = await server.Admin.PostAsync($"/v1/models/{_repo}/channels/canary/rollback", null);
        var history = await (await server.Anonymous.GetAsync($"/v1/models/{_repo}/channels/canary/history")).JsonAsync();

        Assert.Equal("1.0.0", (await rollback.JsonAsync()).GetProperty("version").GetString());
        Assert.Equal(["1.0.0", "2.0.0", "1.0.0"], history.EnumerateArray().Reverse().Select(e => e.GetProperty("to").GetString()));
        Assert.Equal("2.0.0", history[0].GetProperty("from").GetString());
        Assert.Equal("admin", history[0].GetProperty("by").GetString());
    }

    [Fact]
    public async Task Channels_point_only_at_published_versions_and_pin_them()
    {
        using var missing = await server.Admin.PutAsync($"/v1/models/{_repo}/channels/x", JsonContent("""{"version":"9.9.9"}"""));
        using var delete = await server.Admin.DeleteAsync($"/v1/models/{_repo}/versions/1.0.0");
        using var unknownChannel = await ManifestAsync("channel=nightly");

        Assert.Equal("version_not_found", await missing.ProblemCodeAsync(HttpStatusCode.NotFound));
        Assert.Equal("version_in_channel", await delete.ProblemCodeAsync(HttpStatusCode.Conflict));
        Assert.Equal("channel_not_found", await unknownChannel.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Explicit_version_and_invalid_hints()
    {
        var pinned = await (await ManifestAsync("version=2.0.0&ep=cpu")).JsonAsync();
        using var badMemory = await ManifestAsync("memory=lots");
        using var badProvider = await ManifestAsync("ep=quantum");

        Assert.Equal("2.0.0", pinned.GetProperty("version").GetString());
        Assert.Equal(JsonValueKindNull, pinned.GetProperty("channel").ValueKind);
        Assert.Equal("invalid_device", await badMemory.ProblemCodeAsync(HttpStatusCode.BadRequest));
        Assert.Equal("invalid_device", await badProvider.ProblemCodeAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Per_model_rule_overrides_the_default_choice()
    {
        using var patch = await server.Admin.PatchAsync(
            $"/v1/models/{_repo}", JsonContent("""{"selectionRules":[{"variant":"int8","platform":"windows"}]}"""));
        var windows = await (await ManifestAsync("ep=cpu,cuda&platform=windows")).JsonAsync();
        var linux = await (await ManifestAsync("ep=cpu,cuda&platform=linux")).JsonAsync();

        await patch.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("int8", windows.GetProperty("variant").GetProperty("name").GetString());
        Assert.Contains("rule 1", windows.GetProperty("reason").GetString());
        Assert.Equal("fp32", linux.GetProperty("variant").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Manifest_lookups_and_downloads_are_counted_apart_per_variant()
    {
        (await ManifestAsync("ep=wasm")).Dispose();
        (await server.Anonymous.GetAsync($"/v1/models/{_repo}/versions/1.0.0/files/config.json")).Dispose();
        await server.Services.GetRequiredService<DownloadCounters>().FlushAsync();

        var detail = await (await server.Admin.GetAsync($"/v1/models/{_repo}/versions/1.0.0")).JsonAsync();

        Assert.True(detail.GetProperty("manifestLookups").GetProperty("int8").GetInt64() >= 1);
        Assert.False(detail.GetProperty("downloads").TryGetProperty("int8", out _));
        Assert.True(detail.GetProperty("downloads").GetProperty("").GetInt64() >= 1);
    }

    [Fact]
    public async Task Concurrent_requests_on_a_cold_cache_share_one_load_of_the_model()
    {
        using var counter = new SqlCommandCounter();
        var probe = Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 32).Select(_ => ManifestAsync("ep=wasm", h => h.Add("baggage", $"probe={probe}"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // One load: the repository id, its snapshot (repository, channels, published versions) and the version with
        // its files and tiers. Each request loading for itself would run 32 times as many.
        Assert.InRange(counter.For(probe), 1, 10);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [GeneratedRegex("sig=\"([^\"]+)\"")]
    private static partial Regex SignatureRegex();
}

public sealed class ManifestTestsOnEmbedded(EmbeddedServerFixture server) : ManifestTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ManifestTestsOnPostgresS3(ExternalServerFixture server) : ManifestTests(server), IClassFixture<ExternalServerFixture>;
