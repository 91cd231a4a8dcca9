namespace ModelHub.Server.CrossOrigin;

public static class CorsRegistration
{
    /// <summary>The origins whose pages may read public content (<see cref="CrossOriginReads"/>).</summary>
    public static IServiceCollection AddCrossOriginReads(this IServiceCollection services)
    {
        services.AddOptions<CorsOptions>().BindConfiguration(CorsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
