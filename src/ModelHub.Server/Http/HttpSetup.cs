using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ModelHub.Server.Http;

public static class HttpSetup
{
    /// <summary>The public addresses, and the reverse proxies whose forwarded headers are believed.</summary>
    public static IServiceCollection AddModelHubHttp(this IServiceCollection services)
    {
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section)
            .Validate(o => HttpOptions.ValidateOrigin(o.PublicBaseUrl, nameof(o.PublicBaseUrl)) is null,
                $"{HttpOptions.Section}:PublicBaseUrl must be an http(s) origin such as https://models.example.com.")
            .Validate(o => HttpOptions.ValidateOrigin(o.ContentOrigin, nameof(o.ContentOrigin)) is null,
                $"{HttpOptions.Section}:ContentOrigin must be an http(s) origin such as https://content.models.example.com.")
            .ValidateOnStart();
        services.AddSingleton<PublicAddress>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpOptions>>((forwarded, http) =>
        {
            // The client's address (for throttling) and scheme (so the sign-in cookie stays Secure behind a TLS proxy).
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            http.Value.KnownProxies.ForEach(p => forwarded.KnownProxies.Add(IPAddress.Parse(p)));
            http.Value.KnownNetworks.ForEach(n => forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n)));
        });
        return services;
    }

    /// <summary>Takes the client's address and scheme from the proxy's headers when configured to.</summary>
    public static WebApplication UseModelHubForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.ForwardedHeaders)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>Says at start-up when pages will show a placeholder for the server's address.</summary>
    public static void LogMissingPublicBaseUrl(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Services.GetRequiredService<PublicAddress>().IsConfigured)
        {
            app.Logger.LogWarning("{Setting} is not set: the catalog's snippets show {Placeholder} instead of this server's address",
                $"{HttpOptions.Section}:PublicBaseUrl", PublicAddress.Placeholder);
        }
    }
}
