using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Storage;
using ModelHub.Storage.S3;

namespace ModelHub.Server.Tests.Storage;

/// <summary>
/// The S3 store's write paths against the real S3 server: small objects through the SDK in one request, larger ones
/// streamed to a staging key and copied into place, those over the threshold by the SDK's multipart upload. Whichever
/// path, a content stream that fails leaves no object behind. What the store wrote is kept as a local copy, which the
/// server links rather than downloading again.
/// </summary>
public sealed class S3BlobStoreTests : IAsyncLifetime
{
    private const long Threshold = 16 * 1024 * 1024;
    private ServiceProvider? _services;
    private readonly string _cache = Path.Combine(Path.GetTempPath(), $"modelhub-s3-cache-test-{Guid.NewGuid():N}");
    private IBlobStore Store => _services!.GetRequiredService<IBlobStore>();

    public async Task InitializeAsync()
    {
        var s3 = await ExternalServices.GetAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelHub:Storage:S3:Endpoint"] = s3.S3Endpoint,
            ["ModelHub:Storage:S3:AccessKey"] = s3.S3AccessKey,
            ["ModelHub:Storage:S3:SecretKey"] = s3.S3SecretKey,
            ["ModelHub:Storage:S3:Bucket"] = $"store-{Guid.NewGuid():N}"[..20],
            ["ModelHub:Storage:S3:MultipartThresholdBytes"] = Threshold.ToString(),
            ["ModelHub:Storage:S3:LocalCachePath"] = _cache,
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration).AddLogging().AddS3BlobStore().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12 * 1024 * 1024 + 1)]
    public async Task An_object_this_server_wrote_is_linked_from_its_local_copy_until_deleted(long size)
    {
        var bytes = new byte[size];
        new Random((int)size).NextBytes(bytes);
        var key = $"test/{Guid.NewGuid():N}";
        var linked = Path.Combine(_cache, $"linked-{Guid.NewGuid():N}");
        var again = Path.Combine(_cache, $"again-{Guid.NewGuid():N}");

        await Store.PutAsync(key, new MemoryStream(bytes), size);
        var link = Store.TryLinkLocal(key, linked);
        await Store.DeleteAsync(key);

        Assert.True(link);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(linked));
        Assert.False(Store.TryLinkLocal(key, again));
        Assert.False(Store.TryLinkLocal($"test/{Guid.NewGuid():N}", again));
    }

    [Fact]
    public async Task A_failed_upload_leaves_no_local_copy()
    {
        var key = $"test/{Guid.NewGuid():N}";
        const long size = 3 * 1024 * 1024;

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(key, new GeneratedStream(size, seed: 7, failAfter: size / 2), size));

        Assert.False(Store.TryLinkLocal(key, Path.Combine(_cache, $"linked-{Guid.NewGuid():N}")));
        Assert.Empty(Directory.Exists(_cache) ? Directory.GetFiles(_cache) : []);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12 * 1024 * 1024 + 1)]
    [InlineData(Threshold + 12345)]
    public async Task Bytes_written_either_way_read_back_exactly(long size)
    {
        var bytes = new byte[size];
        new Random((int)size).NextBytes(bytes);
        var key = $"test/{Guid.NewGuid():N}";

        await Store.PutAsync(key, new MemoryStream(bytes), size);
        using var read = new MemoryStream();
        await Store.CopyToAsync(key, 0, size, read);

        Assert.Equal(size, await Store.GetSizeAsync(key));
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(read.ToArray()));
    }

    [Theory]
    [InlineData(3 * 1024 * 1024)]
    [InlineData(12 * 1024 * 1024)]
    [InlineData(Threshold * 2)]
    public async Task A_content_stream_that_fails_midway_leaves_no_object(long size)
    {
        var key = $"test/{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<IOException>(
            () => Store.PutAsync(key, new GeneratedStream(size, seed: 7, failAfter: size / 2), size));

        Assert.Equal(GeneratedStream.FailureMessage, error.Message);
        Assert.Null(await Store.GetSizeAsync(key));
    }
}
