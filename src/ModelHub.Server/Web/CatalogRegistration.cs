namespace ModelHub.Server.Web;

public static class CatalogRegistration
{
    /// <summary>
    /// The web catalog: server-rendered Razor Pages over the catalog's queries, Markdown cards, and onnxruntime-web from
    /// the npm package for the try-it page. Static assets come straight from the project when not running a published
    /// build (tests, dotnet run in any environment; a no-op for published output).
    /// </summary>
    public static WebApplicationBuilder AddCatalog(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorPages(options => options.RootDirectory = "/Web/Pages");
        builder.Services.AddScoped<Catalog>();
        builder.Services.AddSingleton<MarkdownRenderer>();
        if (OnnxRuntimeWeb.Find(builder.Environment) is { } onnxRuntimeWeb)
        {
            builder.Services.AddSingleton(onnxRuntimeWeb);
        }

        return builder;
    }

    /// <summary>onnxruntime-web's files (cached forever) ahead of authentication, which they do not need.</summary>
    public static WebApplication UseOnnxRuntimeWeb(this WebApplication app)
    {
        app.Services.GetService<OnnxRuntimeWeb>()?.Map(app);
        return app;
    }

    public static WebApplication MapCatalog(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }
}
