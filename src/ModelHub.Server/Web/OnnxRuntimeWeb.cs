using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace ModelHub.Server.Web;

/// <summary>
/// Serves onnxruntime-web from the npm package the build restored (see ModelHub.Server.csproj), under a versioned
/// path that is cached forever: <c>/_ort/{version}/ort.wasm.min.js</c>. No CDN: the try-it page works offline.
/// </summary>
public sealed class OnnxRuntimeWeb
{
    private OnnxRuntimeWeb(string folder, string version)
    {
        Folder = folder;
        Version = version;
    }

    public string Folder { get; }

    public string Version { get; }

    public string BasePath => $"/_ort/{Version}/";

    /// <summary>Beside the server (build and publish output), else the package folder of a development checkout.</summary>
    public static OnnxRuntimeWeb? Find(IWebHostEnvironment environment)
    {
        foreach (var folder in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "ort"),
            Path.Combine(environment.ContentRootPath, "node_modules", "onnxruntime-web", "dist"),
        })
        {
            var package = File.Exists(Path.Combine(folder, "package.json"))
                ? Path.Combine(folder, "package.json")
                : Path.Combine(folder, "..", "package.json");
            if (File.Exists(Path.Combine(folder, "ort.wasm.min.js")) && File.Exists(package))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(package));
                return new OnnxRuntimeWeb(folder, document.RootElement.GetProperty("version").GetString()!);
            }
        }

        return null;
    }

    public void Map(IApplicationBuilder app)
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        types.Mappings[".wasm"] = "application/wasm";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Folder),
            RequestPath = BasePath.TrimEnd('/'),
            ContentTypeProvider = types,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });
    }
}
