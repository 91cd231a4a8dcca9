using ModelHub.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ModelHub.Web.Tests;

/// <summary>
/// The seeded server and one headless Chromium (Debian's chromium + chromium-driver), shared by the browser tests.
/// Screenshots land in <c>MODELHUB_SCREENSHOTS</c>, else <c>screenshots/</c> beside the test assembly.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public EmbeddedServerFixture Server { get; } = new();

    public ChromeDriver Driver { get; private set; } = null!;

    public string Screenshots { get; } = Environment.GetEnvironmentVariable("MODELHUB_SCREENSHOTS") is { Length: > 0 } folder
        ? folder : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        await CatalogSeed.SeedAsync(Server);
        Directory.CreateDirectory(Screenshots);

        var driverFolder = Environment.GetEnvironmentVariable("CHROMEDRIVER_DIR") ?? "/usr/bin";
        var service = ChromeDriverService.CreateDefaultService(driverFolder, "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Environment.GetEnvironmentVariable("CHROMIUM_BIN") ?? "/usr/bin/chromium" };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=en-US");
        Driver = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
    }

    public async Task DisposeAsync()
    {
        Driver?.Quit();
        Driver?.Dispose();
        await Server.DisposeAsync();
    }

    public void Open(string path) => Driver.Navigate().GoToUrl(new Uri(Server.BaseAddress, path));

    public IWebElement WaitFor(By by, int seconds = 30) =>
        new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)).Until(d => d.FindElements(by).FirstOrDefault(e => e.Displayed));

    public void WaitUntil(Func<IWebDriver, bool> condition, int seconds = 60) =>
        new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)).Until(condition);

    public void Screenshot(string name) => Driver.GetScreenshot().SaveAsFile(Path.Combine(Screenshots, name + ".png"));

    public T Script<T>(string script, params object[] args) => (T)((IJavaScriptExecutor)Driver).ExecuteScript(script, args)!;

    public T AsyncScript<T>(string script, params object[] args) => (T)((IJavaScriptExecutor)Driver).ExecuteAsyncScript(script, args)!;
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
