namespace ModelHub.Server.Jobs;

public static class JobRegistration
{
    /// <summary>The job queue and its workers; each feature adds its <see cref="JobLane"/> and <see cref="IJobHandler"/>s.</summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services)
    {
        services.AddSingleton<JobQueue>();
        services.AddHostedService<JobWorkers>();
        return services;
    }
}
