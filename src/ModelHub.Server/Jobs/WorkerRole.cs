using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace ModelHub.Server.Jobs;

/// <summary>
/// The worker-only role (<c>ModelHub:Role=worker</c>): the process runs the job queue's lanes (validations, table indexing,
/// thumbnails, evaluations) and migrations like any server, but serves no HTTP: its server listens on nothing. A cluster
/// scales these processes apart from the API replicas, which may turn their own lanes off.
/// </summary>
public static class WorkerRole
{
    public const string Setting = "ModelHub:Role";
    public const string Worker = "worker";

    public static bool IsWorker(IConfiguration configuration) =>
        string.Equals(configuration[Setting], Worker, StringComparison.OrdinalIgnoreCase);

    /// <summary>Replaces Kestrel with a server that listens on nothing when the role is worker.</summary>
    public static IServiceCollection AddWorkerRole(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsWorker(configuration))
        {
            services.AddSingleton<IServer, NoHttpServer>();
        }

        return services;
    }

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
