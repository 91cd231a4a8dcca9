namespace ModelHub.Benchmarks;

/// <summary>The baseline: the same file served by a bare Kestrel endpoint with nothing of ModelHub in the way.</summary>
public sealed class BareKestrel(WebApplication app) : IAsyncDisposable
{
    public Uri Address => new(app.Urls.First());

    public static Task<BareKestrel> StartAsync(string path) =>
        StartAsync(app => app.MapGet("/file", () => Results.File(path, "application/octet-stream", enableRangeProcessing: true)));

    /// <summary>Serves <paramref name="jsonFile"/> at /json until the process is killed (<c>--serve-json</c> mode).</summary>
    public static async Task ServeJsonAsync(string jsonFile, string urls)
    {
        var json = await File.ReadAllBytesAsync(jsonFile);
        File.Delete(jsonFile);
        await using var bare = await StartAsync(app => app.MapGet("/json", () => Results.Bytes(json, "application/json")), urls);
        await bare.WaitForShutdownAsync();
    }

    private Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    private static async Task<BareKestrel> StartAsync(Action<WebApplication> map, string urls = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new BareKestrel(app);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
