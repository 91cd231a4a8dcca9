using Microsoft.Extensions.DependencyInjection;
using ModelHub.Server.Uploads;

namespace ModelHub.Server.Tests.Uploads;

public abstract class StorageCollectorTests(ServerFixture server)
{
    [Fact]
    public async Task Collector_removes_unreferenced_blobs_and_abandoned_sessions_but_keeps_referenced_blobs()
    {
        await server.Admin.CreateRepositoryAsync("gc", "kept");
        var kept = TestData.Bytes(500, 91);
        (await server.Admin.CreateVersionAsync("gc/kept", "1.0.0", ("m.bin", kept))).Dispose();
        var orphan = await server.Admin.PutBlobAsync(TestData.Bytes(700, 92));
        var sessions = new UploadSessionClient(server.Admin);
        var location = await sessions.StartAsync();
        (await sessions.PatchAsync(location, TestData.Bytes(300, 93), 0)).Dispose();
        var collector = server.Services.GetRequiredService<StorageCollector>();

        var early = await collector.CollectAsync(DateTimeOffset.UtcNow);
        var late = await collector.CollectAsync(DateTimeOffset.UtcNow.AddDays(3));

        Assert.Equal(new StorageCollector.Collected(0, 0, 0), early);
        Assert.Equal(1, late.Sessions);
        Assert.True(late.Blobs >= 1);
        using var orphanHead = await server.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/blobs/{orphan}"));
        using var status = await server.Admin.GetAsync(location);
        Assert.Equal(HttpStatusCode.NotFound, orphanHead.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(kept, await server.Anonymous.GetByteArrayAsync("/v1/models/gc/kept/versions/1.0.0/files/m.bin"));
    }
}

public sealed class StorageCollectorTestsOnEmbedded(EmbeddedServerFixture server)
    : StorageCollectorTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class StorageCollectorTestsOnPostgresS3(ExternalServerFixture server)
    : StorageCollectorTests(server), IClassFixture<ExternalServerFixture>;
