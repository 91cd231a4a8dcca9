namespace ModelHub.Server.Tests.CrossOrigin;

/// <summary>
/// Pages on other origins read public content (preflight, shared answers, exposed headers) and nothing else: never with
/// credentials, never private content, never the writing routes. The browser's side of it is in ModelHub.Web.Tests.
/// </summary>
public abstract class CrossOriginTests(ServerFixture server) : IAsyncLifetime
{
    private const string Origin = "https://app.example";
    private string _public = "", _private = "", _digest = "";

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        (_public, _private) = ($"web/pub-{suffix}", $"web/priv-{suffix}");
        await server.Admin.CreateRepositoryAsync("web", _public[4..]);
        await server.Admin.CreateRepositoryAsync("web", _private[4..], isPrivate: true);
        var model = Models.MatMul(21);
        _digest = TestData.Digest(model);
        await server.Admin.PushAndWaitAsync(_public, "1.0.0", [("model.onnx", model)]);
        await server.Admin.PushAndWaitAsync(_private, "1.0.0", [("model.onnx", Models.MatMul(22))]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/v1/models/{repo}/manifest?ep=wasm")]
    [InlineData("/v1/blobs/{digest}")]
    [InlineData("/v1/models/{repo}/versions/1.0.0/files/model.onnx")]
    [InlineData("/{repo}/resolve/main/model.onnx")]
    [InlineData("/api/models/{repo}")]
    [InlineData("/api/models/{repo}/tree/main")]
    [InlineData("/.well-known/modelhub-manifest-key")]
    public async Task Public_content_is_shared_with_any_origin_without_credentials(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, Url(path, _public), request => request.Headers.Add("Origin", Origin));

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        var exposed = response.Headers.GetValues("Access-Control-Expose-Headers").Single();
        Assert.All(new[] { "ETag", "Content-Range", "ModelHub-Signature", "X-Repo-Commit", "X-Linked-Size" },
            h => Assert.Contains(h, exposed));
    }

    [Fact]
    public async Task Preflight_allows_the_headers_clients_send_and_nothing_else()
    {
        using var allowed = await PreflightAsync($"/{_public}/resolve/main/model.onnx", "GET",
            "authorization, range, if-none-match, device-memory, sec-ch-ua-platform, modelhub-providers");
        using var write = await PreflightAsync("/v1/blobs/" + _digest, "PUT", "authorization");
        using var unknownHeader = await PreflightAsync($"/v1/models/{_public}/manifest", "GET", "x-custom");
        using var catalog = await PreflightAsync("/v1/models", "GET", "authorization");

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("*", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Range", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("GET, HEAD", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.False(write.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(unknownHeader.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(catalog.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/v1/models/{repo}/manifest?ep=wasm")]
    [InlineData("/v1/models/{repo}/versions/1.0.0/files/model.onnx")]
    [InlineData("/{repo}/resolve/main/model.onnx")]
    [InlineData("/api/models/{repo}")]
    public async Task Private_content_is_never_shared_even_with_a_token(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, Url(path, _private), request =>
        {
            request.Headers.Add("Origin", Origin);
            request.Headers.Authorization = new("Bearer", ServerFixture.AdminToken);
        });

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Range_reads_of_a_blob_expose_the_range()
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/blobs/{_digest}", request =>
        {
            request.Headers.Add("Origin", Origin);
            request.Headers.Range = new(0, 9);
        });

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Content-Range", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task Requests_without_an_origin_get_no_cors_headers()
    {
        using var response = await server.Anonymous.GetAsync($"/v1/blobs/{_digest}");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private string Url(string path, string repo) => path.Replace("{repo}", repo).Replace("{digest}", _digest);

    private Task<HttpResponseMessage> PreflightAsync(string path, string method, string headers) =>
        SendAsync(HttpMethod.Options, path, request =>
        {
            request.Headers.Add("Origin", Origin);
            request.Headers.Add("Access-Control-Request-Method", method);
            request.Headers.Add("Access-Control-Request-Headers", headers);
        });

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage> prepare)
    {
        using var request = new HttpRequestMessage(method, path);
        prepare(request);
        return await server.Anonymous.SendAsync(request);
    }
}

public sealed class CrossOriginTestsOnEmbedded(EmbeddedServerFixture server)
    : CrossOriginTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class CrossOriginTestsOnPostgresS3(ExternalServerFixture server)
    : CrossOriginTests(server), IClassFixture<ExternalServerFixture>;
