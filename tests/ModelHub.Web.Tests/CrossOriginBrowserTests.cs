using System.Text.Json;
using ModelHub.Testing;

namespace ModelHub.Web.Tests;

/// <summary>
/// A page on another origin reads public content from ModelHub in real Chromium, CORS enforced by the browser: a
/// manifest (with its signature header), a blob by range, a Hugging Face resolve URL; and cannot read private content,
/// even with a token, nor send the user's cookies along.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossOriginBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private SecondOrigin _app = null!;

    private string Api => browser.Server.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync() => _app = await SecondOrigin.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void A_page_on_another_origin_reads_a_manifest_a_blob_range_and_a_resolve_url()
    {
        browser.Driver.Navigate().GoToUrl(_app.Address);

        var manifest = Fetch($"{Api}/v1/models/{CatalogSeed.Detector}/manifest?ep=wasm&platform=web");
        var url = manifest.GetProperty("json").GetProperty("variant").GetProperty("files")[0].GetProperty("url").GetString();
        var range = Fetch($"{Api}{url}", """{"headers":{"Range":"bytes=0-9"}}""");
        var resolve = Fetch($"{Api}/{CatalogSeed.Detector}/resolve/main/config.json");

        Assert.Equal(200, manifest.GetProperty("status").GetInt32());
        Assert.StartsWith("keyid=", manifest.GetProperty("headers").GetProperty("modelhub-signature").GetString());
        Assert.Equal(206, range.GetProperty("status").GetInt32());
        Assert.Equal(10, range.GetProperty("length").GetInt32());
        Assert.StartsWith("bytes 0-9/", range.GetProperty("headers").GetProperty("content-range").GetString());
        Assert.NotNull(range.GetProperty("headers").GetProperty("etag").GetString());
        Assert.Equal(200, resolve.GetProperty("status").GetInt32());
        Assert.Matches("^[0-9a-f]{40}$", resolve.GetProperty("headers").GetProperty("x-repo-commit").GetString());
    }

    [Fact]
    public void A_page_on_another_origin_cannot_read_private_content_or_send_cookies()
    {
        browser.Driver.Navigate().GoToUrl(_app.Address);
        var token = JsonSerializer.Serialize(new { headers = new { Authorization = $"Bearer {ServerFixture.AdminToken}" } });

        var withToken = Fetch($"{Api}/v1/models/{CatalogSeed.Secret}/manifest?ep=cpu", token);
        var withCookies = Fetch($"{Api}/v1/models/{CatalogSeed.Detector}/manifest?ep=wasm", """{"credentials":"include"}""");
        var publicWithToken = Fetch($"{Api}/v1/models/{CatalogSeed.Detector}/manifest?ep=wasm", token);

        Assert.Equal("blocked", withToken.GetProperty("error").GetString());
        Assert.Equal("blocked", withCookies.GetProperty("error").GetString());
        Assert.Equal(200, publicWithToken.GetProperty("status").GetInt32());
    }

    /// <summary>Runs <c>fetch</c> in the page: status, readable headers, JSON or byte length; <c>error</c> when blocked.</summary>
    private JsonElement Fetch(string url, string init = "{}")
    {
        var result = browser.AsyncScript<string>("""
            const [url, init, done] = arguments;
            fetch(url, JSON.parse(init))
              .then(async r => {
                const headers = {};
                r.headers.forEach((v, k) => headers[k] = v);
                const bytes = new Uint8Array(await r.arrayBuffer());
                let json = null;
                try { json = JSON.parse(new TextDecoder().decode(bytes)); } catch { }
                done(JSON.stringify({ status: r.status, headers, length: bytes.length, json }));
              })
              .catch(e => done(JSON.stringify({ error: "blocked", message: String(e) })));
            """, url, init);
        using var document = JsonDocument.Parse(result);
        return document.RootElement.Clone();
    }
}
