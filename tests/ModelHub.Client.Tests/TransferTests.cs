using Microsoft.Extensions.DependencyInjection;
using ModelHub.Server.Metrics;
using ModelHub.Testing;
using ModelHub.TestModels;

namespace ModelHub.Client.Tests;

/// <summary>The SDK against the real server, through real sockets (and a misbehaving proxy), on both storage stacks.</summary>
public abstract class TransferTests(ServerFixture server) : IAsyncLifetime, IDisposable
{
    private static readonly DeviceProfile Cpu = new() { Providers = ["cpu"], MemoryMb = 8192, Platform = "linux" };
    private readonly ClientWorkspace _workspace = new();
    private readonly byte[] _model = Models.Large(8, seed: Random.Shared.Next(1000, int.MaxValue));
    private readonly byte[] _config = System.Text.Encoding.UTF8.GetBytes($"{{\"labels\":[\"cat\",\"dog\"],\"id\":\"{Guid.NewGuid()}\"}}");
    private string _repo = "";

    private TransferMetrics Metrics => server.Services.GetRequiredService<TransferMetrics>();

    private ModelReference Reference => ModelReference.Parse(_repo + "@1.0.0");

    public async Task InitializeAsync()
    {
        var name = "c" + Guid.NewGuid().ToString("N")[..12];
        _repo = "lab/" + name;
        await server.Admin.CreateRepositoryAsync("lab", name);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _workspace.Dispose();

    private PushRequest Push(string version = "1.0.0") => new(_repo, version, new Dictionary<string, string>
    {
        ["model.onnx"] = _workspace.Write("model.onnx", _model),
        ["config.json"] = _workspace.Write("config.json", _config),
    })
    {
        Variants = [new PushVariant("fp32", "model.onnx", Reference: true, Providers: ["cpu"])],
    };

    private async Task PushAsync()
    {
        using var client = _workspace.Client(server.BaseAddress);
        var result = await client.PushAsync(Push());
        Assert.Equal("published", result.State);
    }

    private void AssertByteExact(LocalModel local)
    {
        Assert.Equal(TestData.Digest(_model), ClientWorkspace.Sha256(local.Files["model.onnx"]));
        Assert.Equal(TestData.Digest(_config), ClientWorkspace.Sha256(local.Files["config.json"]));
        Assert.Equal("model.onnx", Path.GetFileName(local.ModelPath));
    }

    [Fact]
    public async Task Push_then_pull_is_byte_exact_and_a_second_pull_transfers_no_model_bytes()
    {
        using var pusher = _workspace.Client(server.BaseAddress);
        var received = Metrics.BytesReceived;
        var pushed = await pusher.PushAsync(Push());
        Assert.Equal("published", pushed.State);
        Assert.Equal(_model.Length + _config.Length, pushed.BytesUploaded);
        Assert.Equal(_model.Length + _config.Length, Metrics.BytesReceived - received);

        var sent = Metrics.BytesSent;
        using (var first = _workspace.Client(server.BaseAddress, token: null))
        {
            var local = await first.GetModelAsync(Reference, Cpu);
            AssertByteExact(local);
            Assert.Equal("fp32", local.Manifest.Variant.Name);
            Assert.Equal(_model.Length + _config.Length, local.BytesDownloaded);
            Assert.False(local.MayBeStale);
        }

        Assert.Equal(_model.Length + _config.Length, Metrics.BytesSent - sent);

        // A new process (a new client on the same cache): conditional manifest, cached blobs, nothing sent.
        sent = Metrics.BytesSent;
        using (var second = _workspace.Client(server.BaseAddress, token: null))
        {
            var local = await second.GetModelAsync(Reference, Cpu);
            AssertByteExact(local);
            Assert.Equal(0, local.BytesDownloaded);
        }

        Assert.Equal(0, Metrics.BytesSent - sent);
    }

    [Fact]
    public async Task Re_pushing_an_unchanged_version_transfers_no_blob_bytes()
    {
        await PushAsync();
        var received = Metrics.BytesReceived;
        using var client = _workspace.Client(server.BaseAddress);

        var again = await client.PushAsync(Push());

        Assert.Equal("published", again.State);
        Assert.Equal(0, again.BytesUploaded);
        Assert.Equal(2, again.BlobsSkipped);
        Assert.Equal(0, Metrics.BytesReceived - received);
    }

    [Fact]
    public async Task Re_pushing_a_tag_with_different_files_is_a_conflict_with_its_code()
    {
        await PushAsync();
        using var client = _workspace.Client(server.BaseAddress);
        var changed = Push();
        _workspace.Write("config.json", "{\"labels\":[]}"u8.ToArray());

        var error = await Assert.ThrowsAsync<ModelHubException>(() => client.PushAsync(changed));

        Assert.Equal(409, error.Status);
        Assert.Equal("version_exists", error.Code);
    }

    [Fact]
    public async Task A_download_cut_by_the_network_resumes_from_its_offset_and_ends_byte_exact()
    {
        await PushAsync();
        await using var proxy = new ChaosProxy(server.BaseAddress) { CutResponseAfter = 3_000_000 };
        using var client = _workspace.Client(proxy.Address, token: null);

        var local = await client.GetModelAsync(Reference, Cpu);

        Assert.Equal(1, proxy.Cuts);
        AssertByteExact(local);
        // Resumed, not restarted: the bytes received add up to the files exactly once.
        Assert.Equal(_model.Length + _config.Length, local.BytesDownloaded);
    }

    [Fact]
    public async Task A_cancelled_download_is_continued_by_a_new_client_from_the_partial_file()
    {
        await PushAsync();
        long partial;
        await using (var slow = new ChaosProxy(server.BaseAddress) { BytesPerSecond = 8_000_000 })
        {
            using var client = _workspace.Client(slow.Address, token: null);
            using var cancel = new CancellationTokenSource();
            var progress = new SyncProgress(p =>
            {
                if (p.Path == "model.onnx" && p.Done > _model.Length / 3)
                {
                    cancel.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetModelAsync(Reference, Cpu, progress, cancel.Token));
            partial = new FileInfo(client.Cache.PartialPath(TestData.Digest(_model))).Length;
        }

        Assert.InRange(partial, _model.Length / 3, _model.Length - 1);
        using var resumed = _workspace.Client(server.BaseAddress, token: null);
        // The cancelled response may still be draining into the dropped connection on the server side: let it settle.
        var sent = await SettledBytesSentAsync();

        var local = await resumed.GetModelAsync(Reference, Cpu);

        AssertByteExact(local);
        Assert.Equal(_model.Length - partial + _config.Length, local.BytesDownloaded);
        Assert.Equal(_model.Length - partial + _config.Length, Metrics.BytesSent - sent);
    }

    private async Task<long> SettledBytesSentAsync()
    {
        var last = Metrics.BytesSent;
        for (var quiet = 0; quiet < 5;)
        {
            await Task.Delay(100);
            var now = Metrics.BytesSent;
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }

        return last;
    }

    [Fact]
    public async Task A_byte_corrupted_in_transit_is_detected_and_the_file_is_not_used()
    {
        await PushAsync();
        await using var proxy = new ChaosProxy(server.BaseAddress) { CorruptResponseAt = 2_000_000 };
        using var client = _workspace.Client(proxy.Address, token: null);

        var error = await Assert.ThrowsAsync<IntegrityException>(() => client.GetModelAsync(Reference, Cpu));

        Assert.Equal(1, proxy.Corruptions);
        Assert.Contains("model.onnx", error.Message);
        Assert.False(client.Cache.HasBlob(TestData.Digest(_model), _model.Length));
        Assert.False(File.Exists(client.Cache.PartialPath(TestData.Digest(_model))));

        // The next attempt downloads it again, cleanly.
        var local = await client.GetModelAsync(Reference, Cpu);
        AssertByteExact(local);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("signature")]
    public async Task A_tampered_manifest_is_refused_and_not_cached(string part)
    {
        await PushAsync();
        using var client = _workspace.Client(server.BaseAddress, token: null, handler: new TamperingHandler(part));

        var error = await Assert.ThrowsAsync<IntegrityException>(() => client.GetModelAsync(Reference, Cpu));

        Assert.Contains("signature", error.Message);
        Assert.False(File.Exists(client.Cache.RefPath(server.BaseAddress, Reference, Cpu.ToQuery())));
        Assert.False(client.Cache.HasBlob(TestData.Digest(_model), _model.Length));
    }

    [Fact]
    public async Task Offline_the_last_verified_model_is_returned_flagged_as_maybe_stale()
    {
        await PushAsync();
        var proxy = new ChaosProxy(server.BaseAddress);
        var address = proxy.Address;
        using (var online = _workspace.Client(address, token: null))
        {
            Assert.False((await online.GetModelAsync(Reference, Cpu)).MayBeStale);
        }

        await proxy.DisposeAsync();
        using var offline = _workspace.Client(address, token: null, configure: o => o.Retries = 0);

        var local = await offline.GetModelAsync(Reference, Cpu);

        Assert.True(local.MayBeStale);
        AssertByteExact(local);
    }

    [Fact]
    public async Task An_upload_cut_by_the_network_resumes_its_session()
    {
        await using var proxy = new ChaosProxy(server.BaseAddress) { CutRequestAfter = 3_500_000 };
        using var client = _workspace.Client(proxy.Address, configure: o => (o.SessionThreshold, o.ChunkSize) = (1 << 20, 1 << 20));
        var received = Metrics.BytesReceived;

        var result = await client.PushAsync(Push());

        Assert.Equal("published", result.State);
        Assert.Equal(1, proxy.Cuts);
        // At most the chunk in flight is sent twice.
        Assert.InRange(Metrics.BytesReceived - received, _model.Length + _config.Length, _model.Length + _config.Length + (1 << 20));
        Assert.Equal(TestData.Digest(_model), result.Version.Files.Single(f => f.Path == "model.onnx").Digest);
    }

    [Fact]
    public async Task A_cancelled_upload_is_continued_by_a_new_client_from_the_server_offset()
    {
        void Small(ModelHubClientOptions o) => (o.SessionThreshold, o.ChunkSize) = (1 << 20, 1 << 20);
        using (var first = _workspace.Client(server.BaseAddress, configure: Small))
        {
            using var cancel = new CancellationTokenSource();
            var progress = new SyncProgress(p =>
            {
                if (p.Path == "model.onnx" && p.Done >= 3 << 20)
                {
                    cancel.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => first.PushAsync(Push(), progress, cancellationToken: cancel.Token));
        }

        using var second = _workspace.Client(server.BaseAddress, configure: Small);
        var result = await second.PushAsync(Push());

        Assert.Equal("published", result.State);
        Assert.InRange(result.BytesUploaded, _config.Length + 1, _model.Length + _config.Length - (3 << 20));
    }

    [Fact]
    public async Task Server_errors_carry_the_problem_code()
    {
        using var client = _workspace.Client(server.BaseAddress, token: null);

        var error = await Assert.ThrowsAsync<ModelHubException>(() => client.ResolveAsync(ModelReference.Parse("lab/does-not-exist"), Cpu));

        Assert.Equal(404, error.Status);
        Assert.Equal("repository_not_found", error.Code);
    }

    /// <summary>A middlebox that edits manifests: one changed byte of the body, or a forged signature.</summary>
    private sealed class TamperingHandler(string part) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!request.RequestUri!.AbsolutePath.EndsWith("/manifest", StringComparison.Ordinal) || !response.IsSuccessStatusCode)
            {
                return response;
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (part == "body")
            {
                var text = System.Text.Encoding.UTF8.GetString(body).Replace("\"1.0.0\"", "\"1.0.1\"");
                body = System.Text.Encoding.UTF8.GetBytes(text);
            }
            else
            {
                var signature = response.Headers.GetValues("ModelHub-Signature").Single();
                var sig = signature[(signature.IndexOf("sig=", StringComparison.Ordinal) + 4)..].Trim('"');
                var forged = Convert.FromBase64String(sig);
                forged[0] ^= 1;
                response.Headers.Remove("ModelHub-Signature");
                response.Headers.TryAddWithoutValidation("ModelHub-Signature", signature.Replace(sig, Convert.ToBase64String(forged)));
            }

            var content = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            content.Headers.ContentLength = body.Length;
            response.Content = content;
            return response;
        }
    }
}

public sealed class TransferTestsOnEmbedded(EmbeddedServerFixture server) : TransferTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class TransferTestsOnPostgresS3(ExternalServerFixture server) : TransferTests(server), IClassFixture<ExternalServerFixture>;
