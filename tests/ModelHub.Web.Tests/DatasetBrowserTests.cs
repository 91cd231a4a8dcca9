using System.Net;
using System.Net.Http.Json;
using System.Text;
using ModelHub.Testing;
using OpenQA.Selenium;
using SkiaSharp;

namespace ModelHub.Web.Tests;

/// <summary>The dataset viewer, history and compare pages in headless Chromium, on a dataset with images and a commit.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DatasetBrowserTests(BrowserFixture browser)
{
    private const string Repo = "lab/pets";

    private IWebDriver Driver => browser.Driver;

    [Fact]
    public async Task The_viewer_pages_filters_by_label_and_shows_thumbnails_and_statistics()
    {
        await SeedAsync();

        browser.Open($"/datasets/{Repo}/viewer?version=1");
        browser.WaitFor(By.CssSelector("#rows img.thumb"));
        browser.WaitUntil(d => ((IJavaScriptExecutor)d).ExecuteScript(
            "return [...document.querySelectorAll('img.thumb')].slice(0, 4).every(i => i.complete && i.naturalWidth > 0)") is true);
        browser.Screenshot("dataset-viewer");

        Assert.Equal(25, Driver.FindElements(By.CssSelector("#rows tbody tr")).Count);
        Assert.Contains("1–25 of 40", Driver.FindElement(By.Id("row-range")).Text);
        Assert.NotEmpty(Driver.FindElements(By.CssSelector("[aria-labelledby=stats-title] .bars li")));
        Driver.FindElement(By.CssSelector("a[rel=next]")).Click();
        browser.WaitUntil(d => d.Url.Contains("offset=25"));
        Assert.Contains("26–40 of 40", Driver.FindElement(By.Id("row-range")).Text);
        Driver.FindElement(By.CssSelector("#label option[value=cat]")).Click();
        Driver.FindElement(By.CssSelector(".viewer-form button")).Click();
        browser.WaitUntil(d => d.Url.Contains("label=cat"));
        var labels = Driver.FindElements(By.CssSelector("#rows tbody tr td:nth-child(3)")).Select(e => e.Text).Distinct().ToList();
        Assert.Equal(["cat"], labels);
        Assert.Contains("1–13 of 13", Driver.FindElement(By.Id("row-range")).Text);
    }

    [Fact]
    public async Task The_compare_page_reads_like_a_diff_and_the_history_links_to_it()
    {
        await SeedAsync();

        browser.Open($"/datasets/{Repo}?version=2");
        var history = browser.WaitFor(By.Id("history"));
        browser.Screenshot("dataset-history");
        Assert.Contains("+1", history.Text);
        Assert.Contains("−1", history.Text);
        Assert.Contains("~2", history.Text);
        history.FindElement(By.LinkText("compare")).Click();
        browser.WaitFor(By.CssSelector("table.diff"));
        browser.Screenshot("dataset-compare");

        Assert.Contains("+1 −1 ~2 rows", string.Join(' ', Driver.FindElement(By.Id("diff-counts")).Text.Split(default(char[]),
            StringSplitOptions.RemoveEmptyEntries)));
        var changed = Driver.FindElements(By.CssSelector("tr.diff-row.changed"));
        Assert.Equal(2, changed.Count);
        Assert.Equal("dog", changed[0].FindElement(By.CssSelector("del.cell-before")).Text);
        Assert.Equal("cat", changed[0].FindElement(By.CssSelector("ins.cell-after")).Text);
        Assert.Single(Driver.FindElements(By.CssSelector("tr.diff-row.added")));
        Assert.Single(Driver.FindElements(By.CssSelector("tr.diff-row.removed")));
        Assert.Contains("train.csv", Driver.FindElement(By.Id("file-changes")).Text);
    }

    [Fact]
    public async Task The_viewer_fits_a_phone()
    {
        await SeedAsync();
        try
        {
            Driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            browser.Open($"/datasets/{Repo}/viewer?version=1");
            browser.WaitFor(By.Id("rows"));
            browser.Screenshot("dataset-viewer-phone");
            Assert.True(browser.Script<bool>("return document.documentElement.scrollWidth <= window.innerWidth + 1"),
                "the viewer scrolls sideways on a phone");
        }
        finally
        {
            Driver.Manage().Window.Size = new System.Drawing.Size(1280, 1000);
        }
    }

    private static readonly SemaphoreSlim Seeding = new(1, 1);

    /// <summary>Version 1: 40 labelled images; version 2: a commit relabelling two, adding one, deleting one.</summary>
    private async Task SeedAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            var admin = browser.Server.Admin;
            using (var exists = await admin.GetAsync($"/v1/datasets/{Repo}/versions/2"))
            {
                if (exists.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }

            await admin.CreateRepositoryAsync("lab", "pets", "datasets");
            string[] labels = ["cat", "dog", "bird"];
            var csv = new StringBuilder("id,label,image,caption\n");
            var files = new List<(string Path, byte[] Bytes)>();
            for (var i = 1; i <= 40; i++)
            {
                var label = labels[i % 3];
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},{label},images/{i}.png,a {label} number {i}\n");
                files.Add(($"images/{i}.png", Image(i)));
            }

            files.Add(("train.csv", Encoding.UTF8.GetBytes(csv.ToString())));
            foreach (var file in files)
            {
                await admin.PutBlobAsync(file.Bytes);
            }

            (await admin.PostAsJsonAsync($"/v1/datasets/{Repo}/versions", new
            {
                version = "1",
                files = files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length }),
            })).EnsureSuccessStatusCode();
            await WaitAsync(admin, "1", "train.csv");
            var edits = Encoding.UTF8.GetBytes("id,label\n1,cat\n2,cat\n41,fish\n");
            var deletes = "3\n"u8.ToArray();
            await admin.PutBlobAsync(edits);
            await admin.PutBlobAsync(deletes);
            (await admin.PostAsJsonAsync($"/v1/datasets/{Repo}/commits", new
            {
                parent = "1",
                notes = "relabel two, add a fish",
                tables = new[]
                {
                    new
                    {
                        path = "train.csv", key = "id",
                        upserts = new { digest = TestData.Digest(edits), size = edits.Length, format = "csv" },
                        deletes = new { digest = TestData.Digest(deletes), size = deletes.Length, format = (string?)null },
                    },
                },
            })).EnsureSuccessStatusCode();
            await WaitAsync(admin, "2", "train.parquet");
        }
        finally
        {
            Seeding.Release();
        }
    }

    private static async Task WaitAsync(HttpClient admin, string version, string table)
    {
        // Indexing and thumbnails run in the server's background workers: wait for both (generously, on a busy machine).
        for (var i = 0; i < 1200; i++)
        {
            var tables = await (await admin.GetAsync($"/v1/datasets/{Repo}/versions/{version}/tables")).JsonAsync();
            var indexed = tables.EnumerateArray().Any(t => t.GetProperty("path").GetString() == table
                && t.GetProperty("state").GetString() == "indexed");
            using var thumbnail = await admin.GetAsync($"/v1/datasets/{Repo}/versions/{version}/thumbnails/images/40.png");
            if (indexed && thumbnail.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Repo}@{version} was not indexed in time");
    }

    private static byte[] Image(int i)
    {
        using var bitmap = new SKBitmap(480, 360);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)(i * 37 % 255), (byte)(i * 91 % 255), (byte)(i * 53 % 255)));
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
            canvas.DrawCircle(240, 180, 60 + (i % 5 * 20), paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
