using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.Web.Tests;

/// <summary>
/// A web app on an origin of its own (another port of 127.0.0.1): one empty page, from which the browser tests call
/// ModelHub as a third-party site would.
/// </summary>
public sealed class SecondOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SecondOrigin(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public static async Task<SecondOrigin> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content("<!doctype html><title>another app</title><h1>another app</h1>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SecondOrigin(app, new Uri(address));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
