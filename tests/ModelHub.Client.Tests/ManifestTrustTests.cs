using System.Net;
using System.Text;
using ModelHub.Testing;
using ModelHub.TestModels;

namespace ModelHub.Client.Tests;

/// <summary>
/// The SDK trusts a manifest only when a trusted key signed it, it answers the question asked and it has not expired;
/// keys are the app's pinned set or the server's, followed through a rotation. Cached files are checked before use.
/// </summary>
public abstract class ManifestTrustTests(ServerFixture server) : IAsyncLifetime, IDisposable
{
    private static readonly DeviceProfile Cpu = new() { Providers = ["cpu"], MemoryMb = 8192, Platform = "linux" };
    private readonly ClientWorkspace _workspace = new();
    private readonly byte[] _model = Models.MatMul(51);
    private string _repo = "";

    private ModelReference Stable => ModelReference.Parse(_repo + ":stable");

    public async Task InitializeAsync()
    {
        _repo = "trust/t" + Guid.NewGuid().ToString("N")[..12];
        await server.Admin.CreateRepositoryAsync("trust", _repo[6..]);
        await server.Admin.PushAndWaitAsync(_repo, "1.0.0", [("model.onnx", _model)]);
        await server.Admin.PushAndWaitAsync(_repo, "2.0.0", [("model.onnx", Models.MatMul(52))]);
        await server.Admin.MoveChannelAsync(_repo, "stable", "1.0.0");
        await server.Admin.MoveChannelAsync(_repo, "beta", "2.0.0");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task An_expired_manifest_is_refused_and_not_kept()
    {
        using var client = _workspace.Client(server.BaseAddress, configure: o => o.UtcNow = () => DateTimeOffset.UtcNow.AddHours(2));

        var error = await Assert.ThrowsAsync<IntegrityException>(() => client.ResolveAsync(Stable, Cpu));

        Assert.Contains("stale or replayed", error.Message);
        Assert.False(File.Exists(client.Cache.RefPath(server.BaseAddress, Stable, Cpu.ToQuery())));
    }

    [Theory]
    [InlineData("channel=stable", "channel=beta")]
    [InlineData("memory=8192", "memory=4096")]
    public async Task A_manifest_answering_another_request_is_refused(string asked, string served)
    {
        using var client = _workspace.Client(server.BaseAddress, handler: new RewritingHandler(asked, served));

        var error = await Assert.ThrowsAsync<IntegrityException>(() => client.ResolveAsync(Stable, Cpu));

        Assert.Contains("answers another request", error.Message);
    }

    [Fact]
    public async Task Pinned_keys_are_the_only_keys_trusted()
    {
        var key = await ServerKeyAsync();
        using var pinned = _workspace.Client(server.BaseAddress, configure: o => o.ManifestKeys = [key]);
        using var other = _workspace.Client(server.BaseAddress, configure: o => o.ManifestKeys = [new ManifestKey("k-other", Fake)]);

        var manifest = await pinned.ResolveAsync(Stable, Cpu);
        var error = await Assert.ThrowsAsync<IntegrityException>(() => other.ResolveAsync(ModelReference.Parse(_repo + ":beta"), Cpu));

        Assert.Equal("1.0.0", manifest.Version);
        Assert.Contains("not one of the app's pinned keys", error.Message);
    }

    [Fact]
    public async Task A_rotated_key_is_trusted_when_the_server_still_lists_a_key_trusted_before()
    {
        var key = await ServerKeyAsync();
        var keyFile = _workspace.Client(server.BaseAddress).Cache.KeyPath(server.BaseAddress);
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        File.WriteAllText(keyFile, $$"""{"keys":[{"keyId":"k-old","algorithm":"ed25519","key":"{{Fake}}"}]}""");

        using (var unannounced = _workspace.Client(server.BaseAddress))
        {
            var error = await Assert.ThrowsAsync<IntegrityException>(() => unannounced.ResolveAsync(Stable, Cpu));
            Assert.Contains("no longer lists any key trusted before", error.Message);
        }

        var rotation = $$"""
            {"keyId":"{{key.KeyId}}","algorithm":"ed25519","key":"{{key.Key}}","keys":[
              {"keyId":"{{key.KeyId}}","algorithm":"ed25519","key":"{{key.Key}}","status":"current"},
              {"keyId":"k-old","algorithm":"ed25519","key":"{{Fake}}","status":"previous"}]}
            """;
        using var rotated = _workspace.Client(server.BaseAddress, handler: new KeyDocumentHandler(rotation));

        var manifest = await rotated.ResolveAsync(Stable, Cpu);

        Assert.Equal("1.0.0", manifest.Version);
        Assert.Contains(key.KeyId, File.ReadAllText(keyFile));
        Assert.Contains("k-old", File.ReadAllText(keyFile));
    }

    [Fact]
    public async Task A_cached_file_changed_after_it_was_verified_is_fetched_again()
    {
        using var client = _workspace.Client(server.BaseAddress);
        var first = await client.GetModelAsync(Stable, Cpu);
        var blob = client.Cache.BlobPath(TestData.Digest(_model));
        var bytes = File.ReadAllBytes(blob);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);

        var second = await client.GetModelAsync(Stable, Cpu);

        Assert.True(first.BytesDownloaded > 0);
        Assert.Equal(_model.Length, second.BytesDownloaded);
        Assert.Equal(TestData.Digest(_model), ClientWorkspace.Sha256(second.ModelPath));
    }

    [Fact]
    public async Task A_corruption_that_kept_the_files_time_is_found_when_asked_to_verify()
    {
        using (var client = _workspace.Client(server.BaseAddress))
        {
            await client.GetModelAsync(Stable, Cpu);
        }

        var blob = Path.Combine(_workspace.CacheDirectory, "blobs", "sha256", TestData.Digest(_model)[7..]);
        var time = File.GetLastWriteTimeUtc(blob);
        var bytes = File.ReadAllBytes(blob);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);
        File.SetLastWriteTimeUtc(blob, time);
        using var trusting = _workspace.Client(server.BaseAddress);
        using var verifying = _workspace.Client(server.BaseAddress, configure: o => o.VerifyCachedFiles = true);

        var trusted = await trusting.GetModelAsync(Stable, Cpu);
        var verified = await verifying.GetModelAsync(Stable, Cpu);

        Assert.Equal(0, trusted.BytesDownloaded);
        Assert.Equal(_model.Length, verified.BytesDownloaded);
        Assert.Equal(TestData.Digest(_model), ClientWorkspace.Sha256(verified.ModelPath));
    }

    // A valid Ed25519 public key (32 bytes) that signs nothing here.
    private static readonly string Fake = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private async Task<ManifestKey> ServerKeyAsync()
    {
        var document = await (await server.Anonymous.GetAsync("/.well-known/modelhub-manifest-key")).JsonAsync();
        return new ManifestKey(document.GetProperty("keyId").GetString()!, document.GetProperty("key").GetString()!);
    }

    /// <summary>A cache that answers one request with another's manifest: the query is changed on the way out.</summary>
    private sealed class RewritingHandler(string from, string to) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(request.RequestUri!.ToString().Replace(from, to, StringComparison.Ordinal));
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The server's key document as it reads during a rotation (the trust engineer's shape, issue 12).</summary>
    private sealed class KeyDocumentHandler(string document) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath.EndsWith("/modelhub-manifest-key", StringComparison.Ordinal)
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent(document, Encoding.UTF8, "application/json"),
                })
                : base.SendAsync(request, cancellationToken);
    }
}

public sealed class ManifestTrustTestsOnEmbedded(EmbeddedServerFixture server)
    : ManifestTrustTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ManifestTrustTestsOnPostgresS3(ExternalServerFixture server)
    : ManifestTrustTests(server), IClassFixture<ExternalServerFixture>;
