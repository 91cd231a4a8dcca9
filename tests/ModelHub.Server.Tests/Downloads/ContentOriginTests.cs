namespace ModelHub.Server.Tests.Downloads;

/// <summary>
/// With a separate download origin, the catalog links public files there, and that host serves downloads only: no
/// page, no sign-in, no cookie. Owns its server (restarted with the setting); the rule does not depend on the storage stack.
/// </summary>
public sealed class ContentOriginTests(EmbeddedServerFixture server) : IClassFixture<EmbeddedServerFixture>, IAsyncLifetime
{
    private const string ContentHost = "content.modelhub.test";

    public async Task InitializeAsync()
    {
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["ModelHub:Http:ContentOrigin"] = $"https://{ContentHost}",
            ["ModelHub:Http:PublicBaseUrl"] = "https://models.modelhub.test",
        });
        using var exists = await server.Anonymous.GetAsync("/v1/models/org/open");
        if (exists.StatusCode == HttpStatusCode.NotFound)
        {
            await server.Admin.CreateRepositoryAsync("org", "open");
            (await server.Admin.CreateVersionAsync("org/open", "1.0.0", ("a.txt", "open"u8.ToArray()))).Dispose();
            await server.Admin.CreateRepositoryAsync("org", "closed", isPrivate: true);
            (await server.Admin.CreateVersionAsync("org/closed", "1.0.0", ("b.txt", "closed"u8.ToArray()))).Dispose();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> OnContentHostAsync(string path, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = ContentHost;
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await server.Anonymous.SendAsync(request);
    }

    [Fact]
    public async Task Public_files_are_linked_on_the_download_origin_and_private_ones_stay_on_the_catalog()
    {
        var open = await server.Anonymous.GetStringAsync("/models/org/open");
        var closed = await server.Admin.GetStringAsync("/models/org/closed");

        Assert.Contains($"href=\"https://{ContentHost}/v1/models/org/open/versions/1.0.0/files/a.txt\"", open, StringComparison.Ordinal);
        Assert.Contains("href=\"/v1/models/org/closed/versions/1.0.0/files/b.txt\"", closed, StringComparison.Ordinal);
        Assert.Contains("https://models.modelhub.test/v1/models/org/open/manifest", open, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_download_origin_serves_downloads_only_and_ignores_the_sign_in_cookie()
    {
        using var file = await OnContentHostAsync("/v1/models/org/open/versions/1.0.0/files/a.txt");
        using var resolve = await OnContentHostAsync("/org/open/resolve/1.0.0/a.txt");
        using var home = await OnContentHostAsync("/");
        using var tokens = await OnContentHostAsync("/tokens");
        using var api = await OnContentHostAsync("/v1/models");
        using var withCookie = await OnContentHostAsync("/v1/models/org/closed/versions/1.0.0/files/b.txt",
            $"modelhub_token={ServerFixture.AdminToken}");

        Assert.Equal("open", await file.Content.ReadAsStringAsync());
        await resolve.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, home.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, tokens.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("repository_not_found", await withCookie.ProblemCodeAsync(HttpStatusCode.NotFound));
    }
}
