using Microsoft.AspNetCore.Http.Json;
using ModelHub.Core.Storage;
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

// Everything the server writes (database, blobs, keys, scratch) is readable by its own user only.
OwnerOnlyFiles.ForNewFiles();

// Configuration and assets come from the server's own folder, whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.For(args) });

// Logging: Serilog from configuration, one structured line per request, with every logged value made safe for a text log.
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext()
    .Enrich.With<SafeLogValues>());

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
builder.Services.AddModelHubHttp();
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
await AdminTokenRules.LogBootstrapHintAsync(app);
// The manifest keys are read (and the first one made) before requests: a server that cannot decrypt them does not start.
await app.Services.GetRequiredService<ManifestSigner>().GetPublicKeysAsync();

app.LogMissingPublicBaseUrl();

// Behind a TLS proxy, the client's address and scheme come from its forwarded headers (when configured to trust them).
app.UseModelHubForwardedHeaders();
// The request log wraps the exception handler, so it records the status the client got (a 400 for a bad body, not a 500).
app.UseSerilogRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Pages get a content security policy and no framing; the download-only host serves downloads only.
app.UseSecurityHeaders();
app.UseContentOrigin();
app.UseHeaderSizeLimit();
app.UseCrossOriginReads();
app.UseOnnxRuntimeWeb();
// A client that failed to authenticate too often is told to wait before any credential of it is checked again.
app.UseAuthenticationThrottle();
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
app.MapSigningKeyEndpoints();
app.MapHuggingFaceEndpoints();
app.MapCatalog();

app.Run();
