namespace ModelHub.Server.Downloads;

public static class DownloadRegistration
{
    /// <summary>
    /// Download counts per version and tier, kept in memory and added to the database in the background; the commit ids
    /// Hugging Face clients know versions by.
    /// </summary>
    public static IServiceCollection AddDownloads(this IServiceCollection services)
    {
        services.AddSingleton<DownloadCounters>();
        services.AddHostedService(provider => provider.GetRequiredService<DownloadCounters>());
        services.AddSingleton<VersionCommits>();
        return services;
    }
}
