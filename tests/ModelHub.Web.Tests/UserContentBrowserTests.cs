using System.Net;
using System.Net.Http.Json;
using System.Text;
using ModelHub.Testing;
using OpenQA.Selenium;

namespace ModelHub.Web.Tests;

/// <summary>
/// The attack that once worked: an uploaded HTML page (or SVG, or a file declared text/html) opened by a signed-in admin
/// read the antiforgery token from /tokens and minted an admin token. Opened in real Chromium, such files now run nothing
/// in the registry's origin.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UserContentBrowserTests(BrowserFixture browser)
{
    private const string Repo = "mallory/upload";

    // Marks the origin it runs in (synchronously, so the mark is there once the page loaded), then mints a token if it can.
    private static string Payload(string mark) => $$"""
        localStorage.setItem('{{mark}}', '1');
        fetch('/tokens').then(r => r.text()).then(html => {
          const antiforgery = /name="__RequestVerificationToken" type="hidden" value="([^"]+)"/.exec(html)[1];
          const form = new URLSearchParams(
            { name: 'pwned-by-upload', scopes: 'admin', owners: '*', __RequestVerificationToken: antiforgery });
          return fetch('/tokens?handler=Create', { method: 'POST', body: form });
        });
        """;

    private static readonly (string Path, string Body, string? ContentType)[] Files =
    [
        ("index.html", $"<!doctype html><title>hi</title><script>{Payload("pwned-html")}</script>", null),
        ("logo.svg", $"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>{Payload("pwned-svg")}</script></svg>", null),
        ("notes.txt", $"<script>{Payload("pwned-declared")}</script>", "text/html"),
    ];

    private async Task PublishAsync()
    {
        var admin = browser.Server.Admin;
        using var exists = await admin.GetAsync($"/v1/models/{Repo}");
        if (exists.StatusCode == HttpStatusCode.OK)
        {
            return;
        }

        await admin.CreateRepositoryAsync("mallory", "upload");
        foreach (var file in Files)
        {
            await admin.PutBlobAsync(Encoding.UTF8.GetBytes(file.Body));
        }

        using var created = await admin.PostAsJsonAsync($"/v1/models/{Repo}/versions", new
        {
            version = "1.0.0",
            files = Files.Select(f => new
            {
                path = f.Path,
                digest = TestData.Digest(Encoding.UTF8.GetBytes(f.Body)),
                size = Encoding.UTF8.GetByteCount(f.Body),
                contentType = f.ContentType,
            }),
        });
        await created.ExpectAsync(HttpStatusCode.Created);
    }

    private void OpenIgnoringDownloads(string path)
    {
        try
        {
            browser.Open(path);
        }
        catch (WebDriverException)
        {
            // An attachment aborts the navigation (the browser downloads it instead): that is the point.
        }
    }

    [Fact]
    public async Task Uploaded_pages_opened_by_a_signed_in_admin_run_nothing_in_the_registry_origin()
    {
        await PublishAsync();
        browser.Open("/tokens");
        browser.Driver.FindElement(By.Id("token")).SendKeys(ServerFixture.AdminToken);
        browser.Driver.FindElement(By.CssSelector("form button[type=submit]")).Click();
        browser.WaitFor(By.Id("create-title"));
        try
        {
            OpenIgnoringDownloads($"/v1/models/{Repo}/versions/1.0.0/files/index.html");
            OpenIgnoringDownloads($"/{Repo}/resolve/1.0.0/logo.svg");
            OpenIgnoringDownloads($"/v1/models/{Repo}/versions/1.0.0/files/notes.txt");

            browser.Open("/");
            var marks = browser.Script<string>("return Object.keys(localStorage).filter(k => k.startsWith('pwned')).join(',');");
            Assert.True(marks.Length == 0, $"uploaded content ran in the registry's origin: {marks}");
        }
        finally
        {
            browser.Open("/tokens");
            browser.Driver.FindElement(By.CssSelector("button.link")).Click();
            browser.WaitFor(By.Id("token"));
        }

        var tokens = await browser.Server.Admin.GetStringAsync("/v1/tokens");
        Assert.DoesNotContain("pwned-by-upload", tokens, StringComparison.Ordinal);
    }
}
