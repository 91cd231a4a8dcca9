using Microsoft.AspNetCore.OpenApi;

namespace ModelHub.Server.Repositories;

public static class RepositoryRegistration
{
    /// <summary>Repositories, and the notice of their changes that caches subscribe to.</summary>
    public static IServiceCollection AddRepositories(this IServiceCollection services)
    {
        services.AddSingleton<IRepositoryChanges, InProcessRepositoryChanges>();
        services.AddScoped<RepositoryService>();
        services.ConfigureAll<OpenApiOptions>(RepositoryScope.Document);
        return services;
    }
}
