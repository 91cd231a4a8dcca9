using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelHub.Server.Manifests;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Tests.Manifests;

/// <summary>Signed bodies are bounded in bytes: clients naming ever new devices push old bodies out, never grow memory.</summary>
public sealed class ManifestCacheBoundTests
{
    [Fact]
    public void Ever_new_questions_stay_within_the_configured_megabytes()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        using var memory = new MemoryCache(new MemoryCacheOptions());
        var options = Options.Create(new ManifestOptions { CacheMegabytes = 1 });
        using var cache = Create(memory, services, options);
        var body = new byte[2000];

        for (var i = 0; i < 5000; i++)
        {
            cache.SetManifest($"question-{i}", new ManifestCache.SignedManifest(body, "\"e\"", "sig", "fp32", DateTimeOffset.MaxValue));
        }

        var (count, bytes) = cache.BodyUsage;
        Assert.InRange(bytes, 1, 1024 * 1024);
        Assert.InRange(count, 100, 1024 * 1024 / 2000);
    }

    private static ManifestCache Create(MemoryCache memory, ServiceProvider services, IOptions<ManifestOptions> options) => new(
        memory, services.GetRequiredService<IServiceScopeFactory>(),
        new InProcessRepositoryChanges(NullLogger<InProcessRepositoryChanges>.Instance), TimeProvider.System, options);

    [Fact]
    public void A_body_is_handed_out_only_until_it_is_due_to_be_signed_again()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        using var memory = new MemoryCache(new MemoryCacheOptions());
        using var cache = Create(memory, services, Options.Create(new ManifestOptions()));

        cache.SetManifest("fresh", new ManifestCache.SignedManifest([1], "\"a\"", "sig", "fp32", DateTimeOffset.UtcNow.AddMinutes(1)));
        cache.SetManifest("due", new ManifestCache.SignedManifest([1], "\"b\"", "sig", "fp32", DateTimeOffset.UtcNow.AddSeconds(-1)));

        Assert.True(cache.TryGetManifest("fresh", out _));
        Assert.False(cache.TryGetManifest("due", out _));
    }
}
