using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;

namespace ModelHub.Server.Tests.Blobs;

/// <summary>
/// Knowing a digest grants nothing: a blob is read by those who may read a version naming it, or who sent its bytes, and
/// a version names only blobs its writer can read (else the writer sends the bytes, verified against the stored blob).
/// </summary>
public abstract class BlobAccessTests(ServerFixture server)
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    private async Task<HttpClient> WriterForAsync(string owner)
    {
        var (_, token) = await server.Admin.CreateTokenAsync(["write"], [owner]);
        return server.CreateClient(token);
    }

    private static async Task<HttpResponseMessage> CreateVersionAsync(HttpClient client, string repo, string digest, long size) =>
        await client.PostAsJsonAsync($"/v1/models/{repo}/versions",
            new { version = "1.0.0", files = new[] { new { path = "weights.bin", digest, size } } });

    private async Task<int> StoredCopiesAsync(string digest)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ModelHubDbContext>().Blobs.CountAsync(b => b.Digest == digest);
    }

    [Fact]
    public async Task A_writer_of_another_owner_neither_reads_nor_names_a_private_blob_until_it_sends_the_bytes()
    {
        var (acme, bob) = ($"acme{_suffix}", $"bob{_suffix}");
        var secret = TestData.Bytes(4_096, seed: 301);
        var digest = TestData.Digest(secret);
        await server.Admin.CreateRepositoryAsync(acme, "secret", isPrivate: true);
        (await server.Admin.CreateVersionAsync($"{acme}/secret", "1.0.0", ("weights.bin", secret))).Dispose();
        using var writer = await WriterForAsync(bob);
        await writer.CreateRepositoryAsync(bob, "public");

        using var get = await writer.GetAsync($"/v1/blobs/{digest}");
        using var head = await writer.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/blobs/{digest}"));
        using var named = await CreateVersionAsync(writer, $"{bob}/public", digest, secret.Length);
        using var wrongSize = await CreateVersionAsync(writer, $"{bob}/public", digest, 1);
        using var empty = await writer.PutAsync($"/v1/blobs/{digest}", new ByteArrayContent([]));
        using var anonymous = await server.Anonymous.GetAsync($"/v1/blobs/{digest}");

        Assert.Equal("blob_not_found", await get.ProblemCodeAsync(HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal("blobs_missing", await named.ProblemCodeAsync(HttpStatusCode.Conflict));
        Assert.Equal("blobs_missing", await wrongSize.ProblemCodeAsync(HttpStatusCode.Conflict));
        Assert.Equal("digest_mismatch", await empty.ProblemCodeAsync(HttpStatusCode.BadRequest));
        Assert.DoesNotContain(secret.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("blob_not_found", await anonymous.ProblemCodeAsync(HttpStatusCode.NotFound));

        // With the bytes, the blob is the writer's to use: verified against the stored one, which is not stored twice.
        using var proof = await writer.PutAsync($"/v1/blobs/{digest}", new ByteArrayContent(secret));
        using var version = await CreateVersionAsync(writer, $"{bob}/public", digest, secret.Length);

        await proof.ExpectAsync(HttpStatusCode.Created);
        await version.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(secret, await writer.GetByteArrayAsync($"/v1/blobs/{digest}"));
        Assert.Equal(1, await StoredCopiesAsync(digest));
    }

    [Fact]
    public async Task An_unnamed_blob_is_read_by_its_uploader_only()
    {
        var bytes = TestData.Bytes(1_000, seed: 302);
        using var uploader = await WriterForAsync($"up{_suffix}");
        using var other = await WriterForAsync($"other{_suffix}");
        var digest = await uploader.PutBlobAsync(bytes);

        using var mine = await uploader.GetAsync($"/v1/blobs/{digest}");
        using var theirs = await other.GetAsync($"/v1/blobs/{digest}");
        using var anonymous = await server.Anonymous.GetAsync($"/v1/blobs/{digest}");

        Assert.Equal(bytes, await mine.Content.ReadAsByteArrayAsync());
        Assert.True(mine.Headers.CacheControl?.Private, "a blob in no public repository is not for shared caches");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_session_completing_an_existing_blob_must_carry_its_bytes()
    {
        var bytes = TestData.Bytes(70_000, seed: 303);
        var digest = await server.Admin.PutBlobAsync(bytes);
        using var writer = await WriterForAsync($"sess{_suffix}");
        var sessions = new UploadSessionClient(writer);

        var wrong = await sessions.StartAsync();
        (await sessions.PatchAsync(wrong, TestData.Bytes(70_000, seed: 304), 0)).Dispose();
        using var refused = await sessions.CompleteAsync(wrong, digest);
        using var before = await writer.GetAsync($"/v1/blobs/{digest}");
        var right = await sessions.StartAsync();
        (await sessions.PatchAsync(right, bytes, 0)).Dispose();
        using var accepted = await sessions.CompleteAsync(right, digest);

        Assert.Equal("digest_mismatch", await refused.ProblemCodeAsync(HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        await accepted.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(bytes, await writer.GetByteArrayAsync($"/v1/blobs/{digest}"));
        Assert.Equal(1, await StoredCopiesAsync(digest));
    }
}

public sealed class BlobAccessTestsOnEmbedded(EmbeddedServerFixture server) : BlobAccessTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class BlobAccessTestsOnPostgresS3(ExternalServerFixture server)
    : BlobAccessTests(server), IClassFixture<ExternalServerFixture>;
