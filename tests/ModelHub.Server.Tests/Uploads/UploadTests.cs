using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;

namespace ModelHub.Server.Tests.Uploads;

public abstract class UploadTests(ServerFixture server)
{
    private readonly UploadSessionClient _sessions = new(server.Admin);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_537)]
    public async Task Single_put_round_trips_byte_exact(int length)
    {
        var bytes = TestData.Bytes(length, seed: length + 7);
        var digest = await server.Admin.PutBlobAsync(bytes);

        var downloaded = await server.Admin.GetByteArrayAsync($"/v1/blobs/{digest}");

        Assert.Equal(bytes, downloaded);
    }

    [Fact]
    public async Task Session_with_three_chunks_round_trips_byte_exact()
    {
        var digest = await _sessions.UploadAsync(length: 3 * 100_000 + 17, seed: 3, chunkSize: 100_000);

        var downloaded = await server.Admin.GetByteArrayAsync($"/v1/blobs/{digest}");

        Assert.Equal(3 * 100_000 + 17, downloaded.Length);
        Assert.Equal(digest, TestData.Digest(downloaded));
    }

    [Fact]
    public async Task Fifty_megabyte_upload_streams_back_byte_exact()
    {
        const long length = 50L * 1024 * 1024 + 3;
        var digest = await _sessions.UploadAsync(length, seed: 50, chunkSize: 8 * 1024 * 1024);

        using var response = await server.Admin.GetAsync($"/v1/blobs/{digest}", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var hash = await SHA256.HashDataAsync(body);

        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(hash));
    }

    [Fact]
    public async Task Wrong_digest_is_rejected_and_the_blob_does_not_exist()
    {
        var bytes = TestData.Bytes(10_000, seed: 11);
        var claimed = TestData.Digest(TestData.Bytes(10_000, seed: 12));

        using var put = await server.Admin.PutAsync($"/v1/blobs/{claimed}", new ByteArrayContent(bytes));
        using var head = await server.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/blobs/{claimed}"));
        using var headActual = await server.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/blobs/{TestData.Digest(bytes)}"));

        Assert.Equal("digest_mismatch", await put.ProblemCodeAsync(HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, headActual.StatusCode);
    }

    [Fact]
    public async Task Session_completed_with_wrong_digest_is_rejected_and_can_be_completed_correctly()
    {
        var bytes = TestData.Bytes(5_000, seed: 13);
        var location = await _sessions.StartAsync();
        (await _sessions.PatchAsync(location, bytes, 0)).Dispose();

        using var wrong = await _sessions.CompleteAsync(location, TestData.Digest(TestData.Bytes(5_000, seed: 14)));
        using var right = await _sessions.CompleteAsync(location, TestData.Digest(bytes));

        Assert.Equal("digest_mismatch", await wrong.ProblemCodeAsync(HttpStatusCode.BadRequest));
        await right.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(bytes, await server.Admin.GetByteArrayAsync($"/v1/blobs/{TestData.Digest(bytes)}"));
    }

    [Fact]
    public async Task Interrupted_chunk_leaves_the_offset_and_the_upload_resumes_byte_exact()
    {
        var bytes = TestData.Bytes(300_000, seed: 21);
        var location = await _sessions.StartAsync();
        (await _sessions.PatchAsync(location, bytes[..100_000], 0)).Dispose();

        await UploadSessionClient.SendTruncatedPatchAsync(
            server.BaseAddress, location, ServerFixture.AdminToken, 100_000, 200_000, bytes[100_000..150_000]);
        var offset = await WaitForOffsetAsync(location, 100_000);
        using var rest = await _sessions.PatchAsync(location, bytes[(int)offset..], offset);
        using var done = await _sessions.CompleteAsync(location, TestData.Digest(bytes));

        Assert.Equal(100_000, offset);
        await rest.ExpectAsync(HttpStatusCode.Accepted);
        await done.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(bytes, await server.Admin.GetByteArrayAsync($"/v1/blobs/{TestData.Digest(bytes)}"));
    }

    [Fact]
    public async Task Bytes_of_a_chunk_cut_short_never_reach_the_blob_even_past_its_end()
    {
        // The cut chunk carries other bytes than the retry and reaches further than the blob's final length: neither
        // may survive (the filesystem keeps a session in one object and overwrites/truncates; S3 keeps only whole chunks).
        var bytes = TestData.Bytes(120_000, seed: 23);
        var garbage = TestData.Bytes(50_000, seed: 24);
        var location = await _sessions.StartAsync();
        (await _sessions.PatchAsync(location, bytes[..100_000], 0)).Dispose();

        await UploadSessionClient.SendTruncatedPatchAsync(
            server.BaseAddress, location, ServerFixture.AdminToken, 100_000, 200_000, garbage);
        var offset = await WaitForOffsetAsync(location, 100_000);
        using var rest = await _sessions.PatchAsync(location, bytes[100_000..], 100_000);
        using var done = await _sessions.CompleteAsync(location, TestData.Digest(bytes));

        Assert.Equal(100_000, offset);
        await done.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(bytes, await server.Admin.GetByteArrayAsync($"/v1/blobs/{TestData.Digest(bytes)}"));
    }

    [Fact]
    public async Task Chunk_at_the_wrong_offset_gets_416_with_the_offset_to_resume_from()
    {
        var bytes = TestData.Bytes(1_000, seed: 22);
        var location = await _sessions.StartAsync();
        (await _sessions.PatchAsync(location, bytes[..400], 0)).Dispose();

        using var response = await _sessions.PatchAsync(location, bytes[500..], 500);

        Assert.Equal("upload_offset_mismatch", await response.ProblemCodeAsync(HttpStatusCode.RequestedRangeNotSatisfiable));
        Assert.Equal("400", response.Headers.GetValues("Upload-Offset").Single());
    }

    [Fact]
    public async Task Head_on_a_session_reports_the_offset_to_resume_from_in_headers()
    {
        var location = await _sessions.StartAsync();
        (await _sessions.PatchAsync(location, TestData.Bytes(300), 0)).Dispose();

        using var head = await server.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, location));
        using var missing = await server.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/uploads/{Guid.NewGuid()}"));

        await head.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("300", head.Headers.GetValues("Upload-Offset").Single());
        Assert.Equal("0-299", head.Headers.GetValues("Range").Single());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Cancelled_session_is_gone()
    {
        var location = await _sessions.StartAsync();
        (await _sessions.PatchAsync(location, TestData.Bytes(100), 0)).Dispose();

        using var cancel = await server.Admin.DeleteAsync(location);
        using var status = await server.Admin.GetAsync(location);

        await cancel.ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal("upload_not_found", await status.ProblemCodeAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Concurrent_uploads_of_the_same_blob_store_it_once()
    {
        var bytes = TestData.Bytes(2_000_000, seed: 31);
        var digest = TestData.Digest(bytes);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            if (i % 2 == 0)
            {
                using var put = await server.Admin.PutAsync($"/v1/blobs/{digest}", new ByteArrayContent(bytes));
                return put.StatusCode;
            }

            var location = await _sessions.StartAsync();
            (await _sessions.PatchAsync(location, bytes, 0)).Dispose();
            using var done = await _sessions.CompleteAsync(location, digest);
            return done.StatusCode;
        }));

        Assert.All(responses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.OK, s.ToString()));
        Assert.Equal(bytes, await server.Admin.GetByteArrayAsync($"/v1/blobs/{digest}"));
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        Assert.Equal(1, await db.Blobs.CountAsync(b => b.Digest == digest));
    }

    [Fact]
    public async Task Existing_blob_answers_head_with_its_size_so_clients_skip_it()
    {
        var bytes = TestData.Bytes(4_321, seed: 41);
        var digest = await server.Admin.PutBlobAsync(bytes);

        using var head = await server.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/blobs/{digest}"));
        using var again = await server.Admin.PutAsync($"/v1/blobs/{digest}", new ByteArrayContent(bytes));

        await head.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(4_321, head.Content.Headers.ContentLength);
        await again.ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<long> WaitForOffsetAsync(string location, long expected)
    {
        // The server notices the dropped connection asynchronously; the offset must settle at the last whole chunk.
        long offset = -1;
        for (var i = 0; i < 50 && offset != expected; i++)
        {
            offset = await _sessions.OffsetAsync(location);
            await Task.Delay(50);
        }

        return offset;
    }
}

public sealed class UploadTestsOnEmbedded(EmbeddedServerFixture server) : UploadTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class UploadTestsOnPostgresS3(ExternalServerFixture server) : UploadTests(server), IClassFixture<ExternalServerFixture>;
