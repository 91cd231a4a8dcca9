namespace ModelHub.Benchmarks;

/// <summary>The baseline: the same file served by a bare Kestrel endpoint with nothing of ModelHub in the way.</summary>
public sealed class BareKestrel(WebApplication app) : IAsyncDisposable
{
    public Uri Address => new(app.Urls.First());

    public static Task<BareKestrel> StartAsync(string path) => StartAsync(app => app.MapGet("/file", () => Results.File(path, "application/octet-stream", enableRangeProcessing: true)));

    /// <summary>The same bytes from a constant endpoint: the ceiling for any JSON API on this machine.</summary>
    public static Task<BareKestrel> StartAsync(byte[] json) => StartAsync(app => app.MapGet("/json", () => Results.Bytes(json, "application/json")));

    private static async Task<BareKestrel> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new BareKestrel(app);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
