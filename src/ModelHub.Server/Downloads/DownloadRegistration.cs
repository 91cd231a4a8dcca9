namespace ModelHub.Server.Downloads;

public static class DownloadRegistration
{
    /// <summary>Download counts per version and tier, kept in memory and added to the database in the background.</summary>
    public static IServiceCollection AddDownloads(this IServiceCollection services)
    {
        services.AddSingleton<DownloadCounters>();
        services.AddHostedService(provider => provider.GetRequiredService<DownloadCounters>());
        return services;
    }
}
