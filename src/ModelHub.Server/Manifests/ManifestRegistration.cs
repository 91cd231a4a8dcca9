namespace ModelHub.Server.Manifests;

public static class ManifestRegistration
{
    /// <summary>The manifest signer and the cache that keeps the manifest hot path off the database.</summary>
    public static IServiceCollection AddManifests(this IServiceCollection services)
    {
        services.AddOptions<SigningOptions>().BindConfiguration(SigningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SeedProtector>();
        services.AddSingleton<SigningKeyStore>();
        services.AddOptions<ManifestOptions>().BindConfiguration(ManifestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ManifestSigner>();
        services.AddMemoryCache(options => options.SizeLimit = 100_000);
        services.AddSingleton<ManifestCache>();
        return services;
    }
}
