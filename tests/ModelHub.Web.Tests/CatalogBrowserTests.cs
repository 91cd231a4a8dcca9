using Microsoft.Extensions.DependencyInjection;
using ModelHub.Server.Metrics;
using ModelHub.Testing;
using ModelHub.TestModels;
using OpenQA.Selenium;

namespace ModelHub.Web.Tests;

/// <summary>The catalog in real headless Chromium against the seeded server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CatalogBrowserTests(BrowserFixture browser)
{
    private IWebDriver Driver => browser.Driver;

    private IReadOnlyList<string> ResultNames() =>
        Driver.FindElements(By.CssSelector("#results h2 a")).Select(a => a.Text).ToList();

    [Fact]
    public void Home_lists_public_repositories_and_searches_and_filters()
    {
        browser.Open("/");
        browser.Screenshot("home");

        Assert.Equal("Models and datasets", Driver.FindElement(By.TagName("h1")).Text);
        var names = ResultNames();
        Assert.Contains(CatalogSeed.Detector, names);
        Assert.Contains(CatalogSeed.Data, names);
        Assert.DoesNotContain(CatalogSeed.Secret, names);

        var search = Driver.FindElement(By.Id("q"));
        search.SendKeys("vad");
        search.SendKeys(Keys.Enter);
        browser.WaitUntil(d => d.Url.Contains("q=vad"));
        Assert.Equal([CatalogSeed.Vad], ResultNames());

        browser.Open("/");
        Driver.FindElement(By.CssSelector("#kind option[value=datasets]")).Click();
        Driver.FindElement(By.CssSelector("form[role=search] button")).Click();
        browser.WaitUntil(d => d.Url.Contains("kind=datasets"));
        // Other tests of this collection add datasets of their own: the filter must keep every model out.
        var datasets = ResultNames();
        Assert.Contains(CatalogSeed.Data, datasets);
        Assert.DoesNotContain(CatalogSeed.Detector, datasets);
        Assert.DoesNotContain(CatalogSeed.Vad, datasets);

        browser.Open("/?precision=int8");
        Assert.Equal([CatalogSeed.Detector], ResultNames());
        browser.Open("/?tag=audio-classification");
        Assert.Equal([CatalogSeed.Vad], ResultNames());
        browser.Open("/?owner=hidden");
        Assert.Empty(ResultNames());
    }

    [Fact]
    public void Repository_page_shows_the_card_tiers_channels_lineage_and_switches_versions()
    {
        browser.Open("/");
        Driver.FindElement(By.LinkText(CatalogSeed.Detector)).Click();
        browser.WaitFor(By.Id("card"));
        browser.Screenshot("repository");

        Assert.Equal("Vision detector", Driver.FindElement(By.CssSelector("#card h1")).Text);
        Assert.Equal("0.42", Driver.FindElement(By.CssSelector("#card table td:nth-child(2)")).Text);
        // The stable channel's version is shown first.
        Assert.Equal("1.0.0", Driver.FindElement(By.Id("shown-version")).Text);
        var tiers = Driver.FindElements(By.CssSelector("table.variants tbody tr"));
        Assert.Equal(2, tiers.Count);
        Assert.Contains("fp32", tiers[0].Text);
        Assert.Contains("reference", tiers[0].Text);
        Assert.Contains("int8", tiers[1].Text);
        Assert.Contains("passed", tiers[1].Text);
        Assert.Matches(@"cos (1|0\.9\d*)", tiers[1].Text);
        Assert.Contains("modelhub pull lab/vision-detector:stable", Driver.FindElement(By.ClassName("use-it")).Text);
        Assert.Contains("/v1/models/lab/vision-detector/manifest?channel=stable", Driver.FindElement(By.Id("manifest-url")).Text);
        Assert.Contains("lab/coco-subset@3", Driver.FindElement(By.CssSelector("[aria-labelledby=lineage-title]")).Text);
        Assert.Contains("beta → 2.0.0", Driver.FindElement(By.CssSelector("[aria-labelledby=channels-title]")).Text);

        Driver.FindElement(By.CssSelector(".versions a[href='?version=2.0.0']")).Click();
        browser.WaitUntil(d => d.FindElement(By.Id("shown-version")).Text == "2.0.0");
        Assert.Contains("/manifest?channel=beta", Driver.FindElement(By.Id("manifest-url")).Text);

        Driver.FindElement(By.CssSelector(".versions a[href='?version=2.1.0-rc']")).Click();
        browser.WaitUntil(d => d.FindElement(By.Id("shown-version")).Text == "2.1.0-rc");
        var alert = Driver.FindElement(By.CssSelector("[role=alert]")).Text;
        Assert.Contains("Rejected", alert);
        Assert.Contains("int8", alert);
        browser.Screenshot("repository-rejected");
    }

    [Fact]
    public void A_file_downloads_byte_exact_from_its_link()
    {
        browser.Open("/models/lab/vision-detector?version=1.0.0");
        var link = Driver.FindElement(By.LinkText("model_int8.onnx"));
        var expected = link.GetAttribute("data-digest");

        // Browser downloads to disk are not available headless here: fetch the link's URL in the page and hash it there.
        var digest = browser.AsyncScript<string>("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest('SHA-256', b))
              .then(h => done('sha256:' + Array.from(new Uint8Array(h), x => x.toString(16).padStart(2, '0')).join('')));
            """, link.GetAttribute("href")!);

        Assert.Equal(TestData.Digest(Models.MatMulInt8(1)), expected);
        Assert.Equal(expected, digest);
    }

    [Fact]
    public void Try_it_picks_a_tier_for_this_browser_runs_it_and_a_second_visit_downloads_nothing()
    {
        var metrics = browser.Server.Services.GetRequiredService<TransferMetrics>();
        browser.Open("/models/lab/vision-detector/try");
        try
        {
            browser.WaitUntil(d => d.FindElement(By.Id("try")).GetAttribute("data-state") is "done" or "failed", 120);
        }
        finally
        {
            browser.Screenshot("try");
        }

        Assert.True(Driver.FindElement(By.Id("try")).GetAttribute("data-state") == "done",
            $"stopped at {Driver.FindElement(By.Id("try")).GetAttribute("data-step")}: {Driver.FindElement(By.Id("error")).Text}");

        Assert.False(Driver.FindElement(By.Id("error")).Displayed, Driver.FindElement(By.Id("error")).Text);
        Assert.StartsWith("int8 (int8) of version 1.0.0", Driver.FindElement(By.Id("tier")).Text);
        Assert.Contains("fp32", Driver.FindElement(By.Id("excluded")).Text);
        Assert.True(long.Parse(Driver.FindElement(By.Id("download")).GetAttribute("data-network")!) > 0);
        Assert.Matches(@"^y \[1×3\] float32: -?\d", Driver.FindElement(By.Id("outputs")).Text);
        var latency = Driver.FindElement(By.Id("inference")).GetAttribute("data-latency")!;
        Assert.True(double.Parse(latency, System.Globalization.CultureInfo.InvariantCulture) >= 0);

        var sent = metrics.BytesSent;
        Driver.Navigate().Refresh();
        browser.WaitUntil(d => d.FindElement(By.Id("try")).GetAttribute("data-state") is "done" or "failed", 120);

        Assert.Equal("0", Driver.FindElement(By.Id("download")).GetAttribute("data-network"));
        Assert.StartsWith("0 bytes from the network", Driver.FindElement(By.Id("download")).Text);
        Assert.Equal(0, metrics.BytesSent - sent);
        Assert.Matches(@"^y \[1×3\] float32: -?\d", Driver.FindElement(By.Id("outputs")).Text);
    }

    [Fact]
    public void Hostile_card_html_is_sanitised_and_never_runs()
    {
        browser.Open("/models/lab/vision-detector");
        browser.WaitFor(By.Id("card"));

        Assert.Null(browser.Script<object?>("return window.__pwned ?? null;"));
        Assert.Empty(Driver.FindElements(By.CssSelector("#card script, #card iframe, #card [onerror], #card [style]")));
        Assert.Empty(Driver.FindElements(By.CssSelector("#card a[href^='javascript']")));
        Assert.Equal("click me", Driver.FindElement(By.XPath("//div[@id='card']//a[text()='click me']")).Text);
    }

    [Fact]
    public void Datasets_have_pages_with_the_models_that_use_them()
    {
        browser.Open("/datasets/lab/coco-subset");
        browser.WaitFor(By.Id("card"));
        browser.Screenshot("dataset");

        Assert.Equal("COCO subset", Driver.FindElement(By.CssSelector("#card h1")).Text);
        Assert.Contains("labels.csv", Driver.FindElement(By.CssSelector("table.files")).Text);
        var usedBy = Driver.FindElement(By.CssSelector("[aria-labelledby=lineage-title]")).Text;
        Assert.Contains("lab/vision-detector@1.0.0", usedBy);
        Assert.Contains("lab/vision-detector@2.0.0", usedBy);
    }

    [Fact]
    public void Keyboard_users_can_skip_to_content_and_the_page_fits_a_phone()
    {
        browser.Open("/models/lab/vision-detector");
        Driver.FindElement(By.TagName("body")).SendKeys(Keys.Tab);
        var focused = Driver.SwitchTo().ActiveElement();
        Assert.Equal("Skip to content", focused.Text);
        focused.SendKeys(Keys.Enter);
        browser.WaitUntil(d => d.SwitchTo().ActiveElement().GetAttribute("id") == "main");

        // Every form control has a label.
        var unlabeled = browser.Script<long>("""
            return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length;
            """);
        Assert.Equal(0, unlabeled);

        Driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        try
        {
            browser.Open("/models/lab/vision-detector");
            browser.Screenshot("repository-phone");
            Assert.True(browser.Script<bool>("return document.documentElement.scrollWidth <= window.innerWidth + 1;"),
                "the page scrolls sideways on a phone");
            browser.Open("/");
            Assert.True(browser.Script<bool>("return document.documentElement.scrollWidth <= window.innerWidth + 1;"),
                "the home page scrolls sideways on a phone");
        }
        finally
        {
            Driver.Manage().Window.Size = new System.Drawing.Size(1280, 1000);
        }
    }

    [Fact]
    public void Signed_in_users_see_private_repositories_and_manage_tokens()
    {
        browser.Open("/tokens");
        Driver.FindElement(By.Id("token")).SendKeys(ServerFixture.AdminToken);
        Driver.FindElement(By.CssSelector("form button[type=submit]")).Click();
        browser.WaitFor(By.Id("create-title"));
        try
        {
            Driver.FindElement(By.Id("name")).SendKeys("browser-test");
            Driver.FindElement(By.Id("owners")).SendKeys("lab");
            Driver.FindElement(By.CssSelector("[aria-labelledby=create-title] button")).Click();
            var secret = browser.WaitFor(By.Id("created-token")).Text;
            Assert.False(string.IsNullOrWhiteSpace(secret));
            browser.Screenshot("tokens");
            Assert.Contains("browser-test", Driver.FindElement(By.CssSelector("[aria-labelledby=list-title]")).Text);

            browser.Open("/?owner=hidden");
            Assert.Equal([CatalogSeed.Secret], ResultNames());

            browser.Open("/tokens");
            Driver.FindElement(By.CssSelector("button[aria-label='Revoke browser-test']")).Click();
            browser.WaitUntil(d => d.FindElements(By.CssSelector("button[aria-label='Revoke browser-test']")).Count == 0);
        }
        finally
        {
            browser.Open("/tokens");
            Driver.FindElement(By.CssSelector("button.link")).Click();
            browser.WaitFor(By.Id("token"));
        }

        browser.Open("/?owner=hidden");
        Assert.Empty(ResultNames());
    }
}
