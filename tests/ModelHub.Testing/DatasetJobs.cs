using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Entities;
using ModelHub.Server.Datasets;
using ModelHub.Server.Jobs;

namespace ModelHub.Testing;

/// <summary>
/// Runs a server's dataset jobs (table indexing, thumbnails) from the test, to the end, as a worker would: tests then
/// read a settled state instead of polling against a background worker. The first call restarts the server with the
/// datasets lane off, so no background worker claims a job the test is waiting for.
/// </summary>
public static class DatasetJobs
{
    private static readonly string[] Kinds = [JobKinds.TableIndex, JobKinds.Thumbnails];

    public static async Task TakeOverAsync(ServerFixture server)
    {
        if (server.Services.GetRequiredService<IOptions<DatasetOptions>>().Value.Enabled)
        {
            await server.RestartAsync(new Dictionary<string, string?> { ["ModelHub:Datasets:Enabled"] = "false" });
        }
    }

    /// <summary>Runs every queued dataset job; returns how many ran.</summary>
    public static async Task<int> RunAsync(ServerFixture server)
    {
        await TakeOverAsync(server);
        var queue = server.Services.GetRequiredService<JobQueue>();
        var ran = 0;
        while (await queue.ClaimAsync(Kinds, TimeSpan.FromMinutes(10), CancellationToken.None) is { } job)
        {
            await using var scope = server.Services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == job.Kind);
            await handler.RunAsync(job, CancellationToken.None);
            ran++;
        }

        return ran;
    }
}
