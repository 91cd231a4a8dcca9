using ModelHub.Testing;
using OpenQA.Selenium;

namespace ModelHub.Web.Tests;

/// <summary>The review page of suspected labels in headless Chromium: a signed-in writer accepts two suggestions, edits one
/// and submits, then follows the link to the new dataset version.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SuspectReviewBrowserTests(BrowserFixture browser)
{
    private const string Dataset = "lab/colours-review";
    private const string Model = "lab/colour-model";

    private IWebDriver Driver => browser.Driver;

    [Fact]
    public async Task A_writer_accepts_two_suggestions_edits_one_submits_and_sees_the_new_version()
    {
        try
        {
            await ReviewAsync();
        }
        finally
        {
            // The seed ran the jobs from the test, with the server's lanes off: other browser tests wait for its workers.
            await browser.Server.RestartAsync(new Dictionary<string, string?>
            {
                ["ModelHub:Datasets:Enabled"] = "true",
                ["ModelHub:Evaluations:Enabled"] = "true",
            });
        }
    }

    private async Task ReviewAsync()
    {
        await ImageEvaluationSeed.SeedAsync(browser.Server, Dataset, Model);
        var id = await ImageEvaluationSeed.EvaluateAsync(browser.Server, Model, ImageEvaluationSeed.Spec(Dataset));
        var (_, token) = await browser.Server.Admin.CreateTokenAsync(["write"], ["lab"]);

        browser.Open("/tokens");
        Driver.FindElement(By.Id("token")).SendKeys(token);
        Driver.FindElement(By.CssSelector("form button[type=submit]")).Click();
        browser.WaitFor(By.Id("create-title"));
        try
        {
            browser.Open($"/datasets/{Dataset}?version=1");
            browser.WaitFor(By.CssSelector("a.suspects-link")).Click();
            browser.WaitFor(By.Id("commit-labels"));
            browser.WaitUntil(d => ((IJavaScriptExecutor)d).ExecuteScript(
                "return [...document.querySelectorAll('#suspects img.thumb')].every(i => i.complete && i.naturalWidth > 0)") is true);
            var rows = Driver.FindElements(By.CssSelector("#suspects tbody tr")).Select(r => long.Parse(r.GetDomAttribute("data-row")!,
                System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(ImageEvaluationSeed.Flipped.Order(), rows.Order());
            Assert.Equal(rows.Count, Driver.FindElements(By.CssSelector("#suspects img.thumb")).Count);

            Choose(rows[0], "accept");
            Choose(rows[1], "accept");
            var edited = ImageEvaluationSeed.Colours.First(c => c != ImageEvaluationSeed.Colour(rows[2])
                && c != ImageEvaluationSeed.Label(rows[2]));
            Choose(rows[2], "edit");
            Driver.FindElement(By.CssSelector($"#label-{rows[2]} option[value={edited}]")).Click();
            browser.Screenshot("suspects-review");
            Driver.FindElement(By.Id("commit-labels")).Click();

            var accepted = browser.WaitFor(By.Id("accepted"));
            browser.Screenshot("suspects-accepted");
            Assert.Contains($"evaluation #{id}", accepted.Text);
            Assert.Empty(Driver.FindElements(By.Id("commit-labels")));
            var link = accepted.FindElement(By.CssSelector("a"));
            var version = link.Text;
            link.Click();
            browser.WaitUntil(d => d.Url.Contains($"version={version}"));
            Assert.Contains(version, Driver.FindElement(By.TagName("main")).Text);
        }
        finally
        {
            browser.Open("/tokens");
            Driver.FindElement(By.CssSelector("button.link")).Click();
            browser.WaitFor(By.Id("token"));
        }
    }

    private void Choose(long row, string choice) =>
        Driver.FindElement(By.CssSelector($"tr[data-row='{row}'] input[type=radio][value={choice}]")).Click();
}
