using System.Net;
using System.Text.RegularExpressions;

namespace ModelHub.Web.Tests;

/// <summary>The catalog's HTTP behaviour, without a browser: status codes, privacy, asset caching, sanitised cards.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WebHttpTests(BrowserFixture browser)
{
    private HttpClient Anonymous => browser.Server.Anonymous;

    [GeneratedRegex("(?:href|src)=\"(/(?:css/|js/|favicon\\.)[^\"]+)\"")]
    private static partial Regex AssetUrl();

    [Theory]
    [InlineData("/models/lab/nothing-here")]
    [InlineData("/datasets/lab/vision-detector")]
    [InlineData("/models/hidden/secret-model")]
    [InlineData("/models/hidden/secret-model/try")]
    [InlineData("/models/lab/vision-detector?version=9.9.9")]
    public async Task Unknown_and_private_repositories_are_a_404_page(string path)
    {
        using var response = await Anonymous.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("<h1 id=\"nf\">Not found</h1>", html);
        Assert.DoesNotContain("Nobody may see this", html);
    }

    [Fact]
    public async Task Private_repositories_never_appear_in_the_catalog_for_anonymous_users()
    {
        var html = await Anonymous.GetStringAsync("/?q=secret");

        Assert.DoesNotContain("secret-model", html);
        Assert.Contains("0 repositories", html);
    }

    [Fact]
    public async Task Static_assets_have_fingerprinted_urls_and_are_served()
    {
        var html = await Anonymous.GetStringAsync("/models/lab/vision-detector/try");
        var assets = AssetUrl().Matches(html).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains(assets, a => a.StartsWith("/css/site.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/js/try.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/favicon.", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await Anonymous.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
            Assert.NotNull(response.Headers.ETag);
        }

        var ortBase = Regex.Match(html, "data-ort=\"(/_ort/[^\"]+/)\"").Groups[1].Value;
        Assert.Matches(@"^/_ort/\d+\.\d+\.\d+/$", ortBase);
        var ortFiles = new[]
        {
            ("ort.wasm.min.js", "javascript"),
            ("ort.webgpu.min.js", "javascript"),
            ("ort-wasm-simd-threaded.mjs", "javascript"),
            ("ort-wasm-simd-threaded.wasm", "application/wasm"),
        };
        foreach (var (file, type) in ortFiles)
        {
            using var ort = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, ortBase + file));
            Assert.True(ort.StatusCode == HttpStatusCode.OK, $"{file}: {(int)ort.StatusCode}");
            Assert.Contains("immutable", ort.Headers.CacheControl?.ToString());
            Assert.Contains(type, ort.Content.Headers.ContentType?.ToString());
        }
    }

    [Fact]
    public async Task Hostile_card_html_is_removed_on_the_server()
    {
        var html = await Anonymous.GetStringAsync("/models/lab/vision-detector");
        var card = html[html.IndexOf("id=\"card\"", StringComparison.Ordinal)..];
        card = card[..card.IndexOf("</section>", StringComparison.Ordinal)];

        Assert.DoesNotContain("<script", card, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", card, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", card, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", card, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", card, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<table>", card);
        Assert.Contains("<strong>objects</strong>", card);
    }

    [Fact]
    public async Task A_bad_token_does_not_sign_in()
    {
        var form = await Anonymous.GetStringAsync("/tokens");
        var antiforgery = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tokens?handler=SignIn")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = "not-a-token",
                ["__RequestVerificationToken"] = antiforgery,
            }),
        };

        using var response = await Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("unknown, revoked or expired", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith("modelhub_token=", StringComparison.Ordinal)
                && !c.StartsWith("modelhub_token=;", StringComparison.Ordinal)));
    }
}
