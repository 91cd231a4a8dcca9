namespace ModelHub.Server.Tests.Downloads;

/// <summary>Owns its server: it turns redirect mode on.</summary>
public abstract class RedirectModeTests(ServerFixture server, bool storeCanPresign)
{
    [Fact]
    public async Task Redirect_mode_sends_s3_downloads_to_a_presigned_url_and_streams_the_rest()
    {
        await server.RestartAsync(new Dictionary<string, string?> { ["ModelHub:Downloads:RedirectToStorage"] = "true" });
        var bytes = TestData.Bytes(3000, 101);
        var digest = await server.Admin.PutBlobAsync(bytes);
        using var noFollow = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        noFollow.DefaultRequestHeaders.Authorization = server.Admin.DefaultRequestHeaders.Authorization;

        using var response = await noFollow.GetAsync($"/v1/blobs/{digest}");

        if (storeCanPresign)
        {
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            using var direct = new HttpClient();
            Assert.Equal(bytes, await direct.GetByteArrayAsync(response.Headers.Location));
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        }
    }
}

public sealed class RedirectModeTestsOnEmbedded(EmbeddedServerFixture server)
    : RedirectModeTests(server, storeCanPresign: false), IClassFixture<EmbeddedServerFixture>;

public sealed class RedirectModeTestsOnPostgresS3(ExternalServerFixture server)
    : RedirectModeTests(server, storeCanPresign: true), IClassFixture<ExternalServerFixture>;
