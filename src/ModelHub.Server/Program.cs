using Microsoft.AspNetCore.Http.Json;
using ModelHub.Onnx.Validation;
using ModelHub.Server.Auth;
using ModelHub.Server.Channels;
using ModelHub.Server.Downloads;
using ModelHub.Server.Infrastructure;
using ModelHub.Server.Manifests;
using ModelHub.Server.Repositories;
using ModelHub.Server.Uploads;
using ModelHub.Server.Validation;
using ModelHub.Server.Versions;
using ModelHub.Server.Web;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Logging: Serilog from configuration, one structured line per request.
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext());

// Kestrel: small bodies by default (upload routes lift the limit), headroom for friendlier 431s.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
    kestrel.Limits.MaxRequestHeadersTotalSize = HeaderSizeLimit.KestrelLimitBytes;
});

// Storage: metadata database and blob store, chosen by configuration.
builder.Services.AddModelHubDatabase(builder.Configuration);
builder.Services.AddModelHubBlobStore(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);

// Features.
builder.Services.AddScoped<BlobIngestor>();
builder.Services.AddScoped<UploadSessionService>();
builder.Services.AddOptions<CollectorOptions>().BindConfiguration(CollectorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<StorageCollector>();
builder.Services.AddHostedService(services => services.GetRequiredService<StorageCollector>());
builder.Services.AddOptions<OnnxValidatorOptions>().BindConfiguration(OnnxValidatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<OnnxValidator>();
builder.Services.AddSingleton<ValidationSignal>();
builder.Services.AddScoped<VersionValidator>();
builder.Services.AddHostedService<ValidationService>();
builder.Services.AddScoped<ChannelMover>();
builder.Services.AddOptions<SigningOptions>().BindConfiguration(SigningOptions.Section);
builder.Services.AddSingleton<ManifestSigner>();
builder.Services.AddMemoryCache(options => options.SizeLimit = 100_000);
builder.Services.AddSingleton<ManifestCache>();
builder.Services.AddOptions<DownloadOptions>().BindConfiguration(DownloadOptions.Section);
builder.Services.AddSingleton<TransferMetrics>();
builder.Services.AddSingleton<DownloadCounters>();
builder.Services.AddHostedService(services => services.GetRequiredService<DownloadCounters>());

// API plumbing: auth, problem details with stable codes, health, OpenAPI.
builder.Services.AddModelHubAuth();
builder.Services.AddModelHubProblemDetails();
builder.Services.AddModelHubHealthChecks();
builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "ModelHub API";
    document.Info.Description = "A self-hosted registry for models and datasets: versioned, content-addressed, resumable.";
    // The document is committed as openapi.yaml, so it must not depend on the address it was served from.
    document.Servers = [];
    return Task.CompletedTask;
}));
// The web catalog: static assets straight from the project when not running a published build (tests, dotnet run in
// any environment; a no-op for published output), server-rendered Razor Pages, onnxruntime-web from the npm package for the try-it page.
builder.WebHost.UseStaticWebAssets();
builder.Services.AddRazorPages(options => options.RootDirectory = "/Web/Pages");
builder.Services.AddScoped<Catalog>();
builder.Services.AddSingleton<MarkdownRenderer>();
var onnxRuntimeWeb = OnnxRuntimeWeb.Find(builder.Environment);
if (onnxRuntimeWeb is not null)
{
    builder.Services.AddSingleton(onnxRuntimeWeb);
}

builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(options => options.SerializerOptions.AllowTrailingCommas = false);

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSerilogRequestLogging();
app.UseHeaderSizeLimit();
onnxRuntimeWeb?.Map(app);
app.UseAuthentication();
app.UseRejectInvalidTokens();
app.UseAuthorization();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapOpenApi("/openapi/{documentName}.yaml");
app.MapModelHubHealthChecks();
app.MapTokenEndpoints();
app.MapRepositoryEndpoints();
app.MapVersionEndpoints();
app.MapUploadEndpoints();
app.MapDownloadEndpoints();
app.MapChannelEndpoints();
app.MapManifestEndpoints();
app.MapHuggingFaceEndpoints();
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();

app.Run();
