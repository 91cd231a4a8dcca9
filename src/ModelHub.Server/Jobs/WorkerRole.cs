using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace ModelHub.Server.Jobs;

/// <summary>
/// The server's role (<c>ModelHub:Role</c>). Empty: it serves the API and runs the job queue's lanes. <c>worker</c>: it runs
/// the lanes (validations, table indexing, thumbnails, evaluations) and migrations like any server, but serves no HTTP: its
/// server listens on nothing. <c>api</c>: it serves HTTP and runs no job at all, leaving the queue to the workers. A
/// cluster scales the two apart; both share the database and the blob store.
/// </summary>
public static class WorkerRole
{
    public const string Setting = "ModelHub:Role";
    public const string Worker = "worker";
    public const string Api = "api";

    public static bool IsWorker(IConfiguration configuration) => Is(configuration, Worker);

    public static bool IsApi(IConfiguration configuration) => Is(configuration, Api);

    /// <summary>
    /// Replaces Kestrel with a server that listens on nothing when the role is worker; leaves the job workers out when it is
    /// api. Call it after <see cref="JobRegistration.AddJobQueue"/>. An unknown role stops the start.
    /// </summary>
    public static IServiceCollection AddWorkerRole(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[Setting] is { Length: > 0 } role && !IsWorker(configuration) && !IsApi(configuration))
        {
            throw new InvalidOperationException($"{Setting} is '{role}': use '{Worker}', '{Api}', or leave it empty for both.");
        }

        if (IsWorker(configuration))
        {
            services.AddSingleton<IServer, NoHttpServer>();
        }

        if (IsApi(configuration))
        {
            services.Remove(JobRegistration.HostedWorkers);
        }

        return services;
    }

    private static bool Is(IConfiguration configuration, string role) =>
        string.Equals(configuration[Setting], role, StringComparison.OrdinalIgnoreCase);

    private sealed class NoHttpServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
