using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;

namespace ModelHub.Server.Tests.Downloads;

/// <summary>
/// Uploaded files never act as the registry: whatever their name or declared type, they are served as sandboxed
/// attachments of a type browsers do not run, by the file route and the Hugging Face route alike.
/// </summary>
public abstract class UserContentTests(ServerFixture server) : IAsyncLifetime
{
    private const string Html = "<html><body><script>localStorage.setItem('pwned', '1')</script></body></html>";
    private readonly string _owner = $"uc{Guid.NewGuid():N}"[..12];

    private string Repo => $"{_owner}/site";

    public async Task InitializeAsync()
    {
        await server.Admin.CreateRepositoryAsync(_owner, "site");
        var files = new (string Path, byte[] Bytes, string? ContentType)[]
        {
            ("index.html", "<p>1</p>"u8.ToArray(), null),
            ("logo.svg", "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"u8.ToArray(), null),
            ("readme.txt", System.Text.Encoding.UTF8.GetBytes(Html), "text/html"),
            ("picture.png", [0x89, 0x50, 0x4E, 0x47], "image/png"),
            ("weights #1 100%.bin", [1, 2, 3], null),
        };
        foreach (var file in files)
        {
            await server.Admin.PutBlobAsync(file.Bytes);
        }

        using var created = await server.Admin.PostAsJsonAsync($"/v1/models/{Repo}/versions", new
        {
            version = "1.0.0",
            files = files.Select(f => new
            {
                path = f.Path,
                digest = TestData.Digest(f.Bytes),
                size = f.Bytes.Length,
                contentType = f.ContentType,
            }),
        });
        await created.ExpectAsync(HttpStatusCode.Created);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> Served() => new()
    {
        { "index.html", "application/octet-stream" },
        { "logo.svg", "application/octet-stream" },
        { "readme.txt", "application/octet-stream" },
        { "picture.png", "image/png" },
    };

    [Theory]
    [MemberData(nameof(Served))]
    public async Task Uploaded_files_are_sandboxed_attachments_of_a_type_browsers_do_not_run(string path, string servedAs)
    {
        foreach (var url in new[] { $"/v1/models/{Repo}/versions/1.0.0/files/{path}", $"/{Repo}/resolve/1.0.0/{path}" })
        {
            using var response = await server.Anonymous.GetAsync(url);

            await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(servedAs, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(path, response.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task A_path_that_needs_percent_encoding_downloads_from_the_url_the_api_gives()
    {
        var detail = await (await server.Anonymous.GetAsync($"/v1/models/{Repo}/versions/1.0.0")).JsonAsync();
        var url = detail.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "weights #1 100%.bin")
            .GetProperty("url").GetString()!;

        var bytes = await server.Anonymous.GetByteArrayAsync(url);

        Assert.Equal([1, 2, 3], bytes);
        Assert.DoesNotContain('#', url);
    }

    [Fact]
    public async Task A_stored_content_type_that_is_no_media_type_is_served_as_octets_not_as_an_error()
    {
        // Versions created before media types were checked may hold anything.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
            await db.Files
                .Where(f => f.Path == "picture.png" && f.Version.Repository.Name == "site" && f.Version.Repository.Owner.Name == _owner)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.ContentType, "t\u00EBxt/\r\nplain"));
        }

        using var response = await server.Anonymous.GetAsync($"/v1/models/{Repo}/versions/1.0.0/files/picture.png");

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Catalog_pages_carry_a_policy_that_lets_onnxruntime_web_run_and_nothing_frame_them()
    {
        using var page = await server.Anonymous.GetAsync($"/models/{Repo}");

        await page.ExpectAsync(HttpStatusCode.OK);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Snippets_never_show_the_host_a_request_claims()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/models/{Repo}");
        request.Headers.Host = "attacker.example.net";

        using var page = await server.Anonymous.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();

        await page.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("manifest-url", html, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example.net", html, StringComparison.Ordinal);
    }
}

public sealed class UserContentTestsOnEmbedded(EmbeddedServerFixture server)
    : UserContentTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class UserContentTestsOnPostgresS3(ExternalServerFixture server)
    : UserContentTests(server), IClassFixture<ExternalServerFixture>;
