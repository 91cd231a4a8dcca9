using Microsoft.AspNetCore.Http.Json;
using ModelHub.Server.Auth;
using ModelHub.Server.Blobs;
using ModelHub.Server.Channels;
using ModelHub.Server.CrossOrigin;
using ModelHub.Server.Datasets;
using ModelHub.Server.Downloads;
using ModelHub.Server.Evaluations;
using ModelHub.Server.Hosting;
using ModelHub.Server.Http;
using ModelHub.Server.Jobs;
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

// Repositories and the notice of their changes, which the manifest cache and the validation queue listen to.
builder.Services.AddRepositories();
// Blobs by digest: verified ingestion and immutable serving; uploads in resumable sessions, collected when abandoned.
builder.Services.AddBlobs();
builder.Services.AddUploads();
// A version's lifecycle; the job queue, whose lanes validate ONNX models and index dataset tables in isolated workers.
builder.Services.AddVersions();
builder.Services.AddJobQueue();
// A worker-only role runs the queue's jobs without serving HTTP.
builder.Services.AddWorkerRole(builder.Configuration);
builder.Services.AddValidationQueue();
// Dataset tables: rows, statistics, exports, thumbnails, commits of row edits and compares.
builder.Services.AddDatasets();
// Evaluations of model versions on dataset tables, in an isolated worker: metrics per tier, gate, suspected labels.
builder.Services.AddEvaluations();
// Channels, signed device-aware manifests, and download counts.
builder.Services.AddChannels();
builder.Services.AddManifests();
builder.Services.AddDownloads();

// API plumbing: auth and tokens, cross-origin reads of public content, problem details with stable codes, health, OpenAPI.
builder.Services.AddModelHubAuth();
builder.Services.AddCrossOriginReads();
builder.Services.AddModelHubProblemDetails();
builder.Services.AddModelHubHealthChecks();
builder.Services.AddModelHubOpenApi();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(options => options.SerializerOptions.AllowTrailingCommas = false);

// The web catalog: Razor Pages, and onnxruntime-web for the try-it page.
builder.AddCatalog();

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSerilogRequestLogging();
app.UseHeaderSizeLimit();
app.UseCrossOriginReads();
app.UseOnnxRuntimeWeb();
app.UseAuthentication();
app.UseRejectInvalidTokens();
app.UseAuthorization();

// Routes, in the order the API document lists them.
app.MapModelHubOpenApi();
app.MapModelHubHealthChecks();
app.MapTokenEndpoints();
app.MapRepositoryEndpoints();
app.MapVersionEndpoints();
app.MapBlobEndpoints();
app.MapUploadEndpoints();
app.MapDownloadEndpoints();
app.MapDatasetEndpoints();
app.MapCommitEndpoints();
app.MapEvaluationEndpoints();
app.MapChannelEndpoints();
app.MapManifestEndpoints();
app.MapHuggingFaceEndpoints();
app.MapCatalog();

app.Run();
