namespace ModelHub.Server.Versions;

public static class VersionRegistration
{
    /// <summary>A version's lifecycle: create, publish or queue for validation, record the verdict, delete.</summary>
    public static IServiceCollection AddVersions(this IServiceCollection services) => services.AddScoped<VersionPublisher>();
}
