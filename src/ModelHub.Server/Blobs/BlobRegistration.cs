using ModelHub.Server.Metrics;

namespace ModelHub.Server.Blobs;

public static class BlobRegistration
{
    /// <summary>Verified blob ingestion, blob serving (streamed, or redirected to the object store) and its byte counters.</summary>
    public static IServiceCollection AddBlobs(this IServiceCollection services)
    {
        services.AddScoped<BlobIngestor>();
        services.AddOptions<DownloadOptions>().BindConfiguration(DownloadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TransferMetrics>();
        return services;
    }
}
