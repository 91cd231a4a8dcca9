namespace ModelHub.Benchmarks;

/// <summary>The baseline: the same file served by a bare Kestrel endpoint with nothing of ModelHub in the way.</summary>
public sealed class BareKestrel(WebApplication app) : IAsyncDisposable
{
    public Uri Address => new(app.Urls.First());

    public static async Task<BareKestrel> StartAsync(string path)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/file", () => Results.File(path, "application/octet-stream", enableRangeProcessing: true));
        await app.StartAsync();
        return new BareKestrel(app);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
