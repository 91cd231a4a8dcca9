using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace ModelHub.Server.Tests.Uploads;

/// <summary>
/// What one token may hold is bounded: the size of a blob (declared or sent), its open sessions, the bytes staged in them.
/// Owns its server, which it restarts with small limits.
/// </summary>
public abstract class UploadLimitTests(ServerFixture server) : IAsyncLifetime
{
    private const long MaxBlob = 1 << 20;

    public async Task InitializeAsync()
    {
        if (server.Services.GetRequiredService<IConfiguration>()["ModelHub:Uploads:MaxBlobBytes"] != $"{MaxBlob}")
        {
            await server.RestartAsync(new Dictionary<string, string?>
            {
                ["ModelHub:Uploads:MaxBlobBytes"] = $"{MaxBlob}",
                ["ModelHub:Uploads:MaxOpenSessionsPerToken"] = "3",
                ["ModelHub:Uploads:MaxStagedBytesPerToken"] = $"{MaxBlob * 3 / 2}",
            });
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> WriterAsync()
    {
        var (_, token) = await server.Admin.CreateTokenAsync(["write"], [$"w{Guid.NewGuid():N}"[..12]]);
        return server.CreateClient(token);
    }

    /// <summary>Sends only the head of a request and returns what the server answers (status line, headers, body).</summary>
    private async Task<string> SendHeadOnlyAsync(string method, string path, string headers)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"{method} {path} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\n" +
                   $"Authorization: Bearer {ServerFixture.AdminToken}\r\n{headers}Connection: close\r\n\r\n";
        // No body byte: the server answers from the head alone (unread bytes would make it reset the connection).
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        // The answer is read up to its Content-Length: the server then waits for the body it refused, and resets the connection.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (!IsComplete(answer.ToString()))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (IOException) when (answer.Length > 0)
        {
            // The reset came after the answer.
        }

        return answer.ToString();
    }

    /// <summary>The head and the whole body arrived: as many bytes as Content-Length says, or the last chunk.</summary>
    private static bool IsComplete(string answer)
    {
        var end = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var length = Regex.Match(answer, @"Content-Length: (\d+)", RegexOptions.IgnoreCase);
        return end >= 0 && (length.Success
            ? answer.Length - end - 4 >= int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture)
            : answer.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_put_declaring_an_absurd_length_is_413_before_anything_is_stored()
    {
        var digest = TestData.Digest(TestData.Bytes(10, seed: 401));

        var answer = await SendHeadOnlyAsync("PUT", $"/v1/blobs/{digest}",
            "Content-Type: application/octet-stream\r\nContent-Length: 9223372036854775000\r\n");
        using var head = await server.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/blobs/{digest}"));

        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"blob_too_large\"", answer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task A_chunked_put_that_grows_past_the_largest_blob_is_413_and_leaves_nothing()
    {
        var bytes = TestData.Bytes((int)MaxBlob + 1, seed: 402);
        var digest = TestData.Digest(bytes);
        using var writer = await WriterAsync();
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentLength = null;

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/blobs/{digest}") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await writer.SendAsync(request);
        using var head = await writer.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/blobs/{digest}"));

        Assert.Equal("blob_too_large", await response.ProblemCodeAsync(HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task A_chunk_whose_range_ends_past_the_largest_blob_is_413()
    {
        using var writer = await WriterAsync();
        var sessions = new UploadSessionClient(writer);
        var location = await sessions.StartAsync();

        var answer = await SendHeadOnlyAsync("PATCH", location, $"Content-Range: 0-{MaxBlob}\r\nContent-Length: {MaxBlob + 1}\r\n");

        // The admin token is not the session's owner, but the bound is checked on the session it names.
        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"blob_too_large\"", answer, StringComparison.Ordinal);
        Assert.Equal(0, await sessions.OffsetAsync(location));
    }

    [Fact]
    public async Task A_token_holds_only_so_many_sessions_and_staged_bytes()
    {
        using var writer = await WriterAsync();
        var sessions = new UploadSessionClient(writer);
        var open = new[] { await sessions.StartAsync(), await sessions.StartAsync(), await sessions.StartAsync() };
        using var fourth = await writer.PostAsync("/v1/uploads", null);
        var chunk = TestData.Bytes((int)(MaxBlob * 4 / 5), seed: 403);

        using var first = await sessions.PatchAsync(open[0], chunk, 0);
        using var second = await sessions.PatchAsync(open[1], chunk, 0);
        using var cancel = await writer.DeleteAsync(open[0]);
        using var afterCancel = await sessions.PatchAsync(open[1], chunk, 0);

        Assert.Equal("too_many_upload_sessions", await fourth.ProblemCodeAsync(HttpStatusCode.Conflict));
        await first.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("upload_quota_exceeded", await second.ProblemCodeAsync(HttpStatusCode.RequestEntityTooLarge));
        await afterCancel.ExpectAsync(HttpStatusCode.Accepted);
    }
}

public sealed class UploadLimitTestsOnEmbedded(EmbeddedServerFixture server)
    : UploadLimitTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class UploadLimitTestsOnPostgresS3(ExternalServerFixture server)
    : UploadLimitTests(server), IClassFixture<ExternalServerFixture>;
