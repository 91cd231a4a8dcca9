namespace ModelHub.Server.Jobs;

public static class JobRegistration
{
    /// <summary>
    /// The job workers as the host runs them; <see cref="WorkerRole"/> takes this out of a server that runs no job. The workers
    /// themselves stay a service: a request creating a job asks them for a free slot (<see cref="JobWorkers.ReserveAsync"/>).
    /// </summary>
    internal static readonly ServiceDescriptor HostedWorkers =
        ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<JobWorkers>());

    /// <summary>The job queue and its workers; each feature adds its <see cref="JobLane"/> and <see cref="IJobHandler"/>s.</summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services)
    {
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobWorkers>();
        services.Add(HostedWorkers);
        return services;
    }
}
