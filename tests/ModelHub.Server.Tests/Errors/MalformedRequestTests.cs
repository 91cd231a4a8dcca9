using System.Net.Sockets;
using System.Text;

namespace ModelHub.Server.Tests.Errors;

public abstract class MalformedRequestTests(ServerFixture server) : IAsyncLifetime
{
    private const string Repo = "/v1/models/acme/target";
    private static readonly byte[] Blob = TestData.Bytes(100, 81);
    private static readonly string BlobDigest = TestData.Digest(Blob);
    private static readonly string Upload = $"/v1/uploads/{Guid.Empty}";

    public async Task InitializeAsync()
    {
        using var exists = await server.Anonymous.GetAsync(Repo);
        if (exists.StatusCode == HttpStatusCode.NotFound)
        {
            await server.Admin.CreateRepositoryAsync("acme", "target");
            await server.Admin.PutBlobAsync(Blob);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Version(string filesJson, string version = "1.0.0") => $$"""{"version":"{{version}}","files":{{filesJson}}}""";

    private static string File(string path = "m.bin", string? digest = null, long size = 100, string? contentType = null) =>
        $$"""[{"path":{{Json(path)}},"digest":"{{digest ?? BlobDigest}}","size":{{size}},"contentType":{{Json(contentType)}}}]""";

    private static string Files(params string[] paths) => $"[{string.Join(",", paths.Select(p => File(p)[1..^1]))}]";

    private static string Json(string? value) => System.Text.Json.JsonSerializer.Serialize(value);

    public static TheoryData<MalformedRequest> Cases() =>
    [
        new("json syntax error", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "malformed_json") { Json = "{bad" },
        new("json array for an object", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "malformed_json") { Json = "[]" },
        new("json wrong field type", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "malformed_json")
            { Json = """{"owner":5,"name":"x"}""" },
        new("json truncated", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "malformed_json") { Json = """{"owner":"a","na""" },
        new("empty json body", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "bad_request") { Json = "" },
        new("not json content type", HttpMethod.Post, "/v1/models", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")
            { Json = "{}", ContentType = "text/plain" },
        new("owner starting with dash", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "invalid_name")
            { Json = """{"owner":"-x","name":"y"}""" },
        new("name with a slash", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "invalid_name")
            { Json = """{"owner":"a","name":"b/c"}""" },
        new("name of 65 characters", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "invalid_name")
            { Json = $$"""{"owner":"a","name":"{{new string('n', 65)}}"}""" },
        new("missing name", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "invalid_name") { Json = """{"owner":"a"}""" },
        new("description too long", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "invalid_field")
            { Json = $$"""{"owner":"a","name":"b","description":"{{new string('d', 1025)}}"}""" },
        new("too many tags", HttpMethod.Post, "/v1/models", HttpStatusCode.BadRequest, "invalid_field")
            { Json = $$"""{"owner":"a","name":"b","tags":[{{string.Join(",", Enumerable.Range(0, 33).Select(i => $"\"t{i}\""))}}]}""" },
        new("page zero", HttpMethod.Get, "/v1/models?page=0", HttpStatusCode.BadRequest, "invalid_paging"),
        new("page size 1000", HttpMethod.Get, "/v1/models?pageSize=1000", HttpStatusCode.BadRequest, "invalid_paging"),
        new("page not a number", HttpMethod.Get, "/v1/models?page=abc", HttpStatusCode.BadRequest, "bad_request"),
        new("version with dots only", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_version")
            { Json = Version(File(), "..") },
        new("version with a space", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_version")
            { Json = Version(File(), "1 0") },
        new("version without files", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "no_files") { Json = Version("[]") },
        new("path with dot-dot", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("a/../../etc/passwd")) },
        new("absolute path", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("/etc/passwd")) },
        new("path with a control character", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("a\u0001b")) },
        new("path with backslashes", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("a\\b")) },
        new("path with an empty segment", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("a//b")) },
        new("duplicate path", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "duplicate_path")
            { Json = Version($"[{File()[1..^1]},{File()[1..^1]}]") },
        new("path with a right-to-left override", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("invoice\u202Efdp.exe")) },
        new("path with a line separator", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("a\u2028b")) },
        new("path naming a windows device", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("data/con.txt")) },
        new("path ending in a dot", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("weights.")) },
        new("path segment ending in a space", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("data /m.bin")) },
        new("path with a character windows refuses", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_path")
            { Json = Version(File("what?.bin")) },
        new("paths differing in case only", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "duplicate_path")
            { Json = Version(Files("Model.bin", "model.bin")) },
        new("paths differing in unicode normalisation only", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest,
            "duplicate_path") { Json = Version(Files("caf\u00E9.bin", "cafe\u0301.bin")) },
        new("a path that is also a folder", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "duplicate_path")
            { Json = Version(Files("data", "Data/m.bin")) },
        new("content type with non-ascii", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_content_type")
            { Json = Version(File(contentType: "t\u00EBxt/plain")) },
        new("content type without a subtype", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_content_type")
            { Json = Version(File(contentType: "text")) },
        new("memory hint that is not a number", HttpMethod.Get, $"{Repo}/manifest?memory=NaN", HttpStatusCode.BadRequest, "invalid_device"),
        new("device-memory hint that is not a number", HttpMethod.Get, $"{Repo}/manifest", HttpStatusCode.BadRequest, "invalid_device")
            { Headers = [("Device-Memory", "NaN")] },
        new("device-memory hint that is infinite", HttpMethod.Get, $"{Repo}/manifest", HttpStatusCode.BadRequest, "invalid_device")
            { Headers = [("Device-Memory", "Infinity")] },
        new("digest of another algorithm", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_digest")
            { Json = Version(File(digest: "md5:abc")) },
        new("negative size", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "invalid_size")
            { Json = Version(File(size: -1)) },
        new("size disagreeing with the blob", HttpMethod.Post, $"{Repo}/versions", HttpStatusCode.BadRequest, "size_mismatch")
            { Json = Version(File(size: 99)) },
        new("version in a missing repository", HttpMethod.Post, "/v1/models/acme/nope/versions", HttpStatusCode.NotFound,
            "repository_not_found") { Json = Version(File()) },
        new("blob upload to a non-digest", HttpMethod.Put, "/v1/blobs/notadigest", HttpStatusCode.BadRequest, "invalid_digest")
            { Bytes = [1, 2, 3] },
        new("blob upload with short hex", HttpMethod.Put, "/v1/blobs/sha256:abcd", HttpStatusCode.BadRequest, "invalid_digest")
            { Bytes = [1, 2, 3] },
        new("blob bytes not matching the digest", HttpMethod.Put, $"/v1/blobs/{TestData.Digest([9, 9])}", HttpStatusCode.BadRequest,
            "digest_mismatch") { Bytes = [1, 2, 3] },
        new("blob download of a non-digest", HttpMethod.Get, "/v1/blobs/sha256:xyz", HttpStatusCode.BadRequest, "invalid_digest"),
        new("chunk to an unknown session", HttpMethod.Patch, Upload, HttpStatusCode.NotFound, "upload_not_found") { Bytes = [1] },
        new("status of an unknown session", HttpMethod.Get, Upload, HttpStatusCode.NotFound, "upload_not_found"),
        new("session id that is not a guid", HttpMethod.Get, "/v1/uploads/12345", HttpStatusCode.NotFound, "not_found"),
        new("oversized headers", HttpMethod.Get, "/v1/models", HttpStatusCode.RequestHeaderFieldsTooLarge, "headers_too_large")
            { Headers = [("X-Padding", new string('p', 40_000))] },
        new("json body over the limit", HttpMethod.Post, "/v1/models", HttpStatusCode.RequestEntityTooLarge, "payload_too_large")
            { Json = "{\"owner\":\"" + new string('a', 17 * 1024 * 1024) + "\"}", ExpectContinue = true },
        new("basic auth instead of a bearer token", HttpMethod.Get, "/v1/models", HttpStatusCode.Unauthorized, "invalid_token")
            { Headers = [("Authorization", "Basic dXNlcjpwYXNz")], Anonymous = true },
        new("unknown bearer token", HttpMethod.Get, "/v1/models", HttpStatusCode.Unauthorized, "invalid_token")
            { Headers = [("Authorization", "Bearer mh_nope")], Anonymous = true },
        new("revoking a missing token", HttpMethod.Delete, "/v1/tokens/999999", HttpStatusCode.NotFound, "token_not_found"),
        new("token with an unknown scope", HttpMethod.Post, "/v1/tokens", HttpStatusCode.BadRequest, "invalid_scope")
            { Json = """{"name":"t","scopes":["root"],"owners":["a"]}""" },
        new("token without owners", HttpMethod.Post, "/v1/tokens", HttpStatusCode.BadRequest, "invalid_field")
            { Json = """{"name":"t","scopes":["read"],"owners":[]}""" },
        new("unknown route", HttpMethod.Get, "/v1/widgets", HttpStatusCode.NotFound, "not_found"),
        new("wrong method", HttpMethod.Put, "/v1/models", HttpStatusCode.MethodNotAllowed, "method_not_allowed") { Json = "{}" },
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_request_gets_a_4xx_problem_with_a_stable_code(MalformedRequest malformed)
    {
        var client = malformed.Anonymous ? server.Anonymous : server.Admin;
        using var request = malformed.ToRequest();
        using var response = await client.SendAsync(request);

        Assert.Equal(malformed.Code, await response.ProblemCodeAsync(malformed.Status));
    }

    [Fact]
    public async Task Body_shorter_than_its_content_length_gets_400_and_stores_nothing()
    {
        var bytes = TestData.Bytes(1_000, 82);
        var digest = TestData.Digest(bytes);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"PUT /v1/blobs/{digest} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\n"
            + $"Authorization: Bearer {ServerFixture.AdminToken}\r\nContent-Length: 1000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes.AsMemory(0, 400));
        tcp.Client.Shutdown(SocketShutdown.Send);
        var answer = await ReadWhatArrivesAsync(stream);

        // Kestrel may reset the connection of a client that lied; if an answer got through, it is the 400 problem.
        if (answer.Length > 0)
        {
            Assert.StartsWith("HTTP/1.1 400", answer);
            Assert.Contains("incomplete_body", answer);
        }

        using var head2 = await server.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/blobs/{digest}"));
        Assert.Equal(HttpStatusCode.NotFound, head2.StatusCode);
    }

    private static async Task<string> ReadWhatArrivesAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset by the server: keep what arrived before it.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    [Fact]
    public async Task Chunk_whose_content_range_disagrees_with_its_length_is_refused()
    {
        using var start = await server.Admin.PostAsync("/v1/uploads", null);
        var content = new ByteArrayContent(new byte[10]);
        content.Headers.TryAddWithoutValidation("Content-Range", "0-19");
        using var patch = await server.Admin.PatchAsync(start.Headers.Location, content);
        using var completeWithoutDigest = await server.Admin.PutAsync(start.Headers.Location, null);

        Assert.Equal("invalid_content_range", await patch.ProblemCodeAsync(HttpStatusCode.BadRequest));
        Assert.Equal("digest_required", await completeWithoutDigest.ProblemCodeAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task The_server_keeps_answering_after_the_whole_table()
    {
        foreach (var row in Cases())
        {
            using var request = row.ToRequest();
            using var _ = await server.Admin.SendAsync(request);
        }

        using var health = await server.Anonymous.GetAsync("/health/ready");
        using var target = await server.Anonymous.GetAsync(Repo);

        await health.ExpectAsync(HttpStatusCode.OK);
        await target.ExpectAsync(HttpStatusCode.OK);
    }
}

public sealed class MalformedRequestTestsOnEmbedded(EmbeddedServerFixture server)
    : MalformedRequestTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class MalformedRequestTestsOnPostgresS3(ExternalServerFixture server)
    : MalformedRequestTests(server), IClassFixture<ExternalServerFixture>;
