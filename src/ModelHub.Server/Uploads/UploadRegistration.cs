namespace ModelHub.Server.Uploads;

public static class UploadRegistration
{
    /// <summary>Resumable upload sessions, and the collector of abandoned sessions and unreferenced blobs.</summary>
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddScoped<UploadSessionService>();
        services.AddSingleton<SessionWriteClaims>();
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CollectorOptions>().BindConfiguration(CollectorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StorageCollector>();
        services.AddHostedService(provider => provider.GetRequiredService<StorageCollector>());
        return services;
    }
}
