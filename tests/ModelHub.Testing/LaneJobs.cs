using Microsoft.Extensions.DependencyInjection;
using ModelHub.Server.Jobs;

namespace ModelHub.Testing;

/// <summary>
/// Runs a server's queued jobs of some kinds from the test, to the end, as a worker would: tests then read a settled
/// state instead of polling against a background worker. The lane is first turned off (the server restarted with
/// <c>setting = false</c> when <paramref name="enabled"/> says it is on), so no background worker claims a job the test
/// is waiting for.
/// </summary>
internal sealed class LaneJobs(string[] kinds, string setting, Func<IServiceProvider, bool> enabled)
{
    public async Task TakeOverAsync(ServerFixture server)
    {
        if (enabled(server.Services))
        {
            await server.RestartAsync(new Dictionary<string, string?> { [setting] = "false" });
        }
    }

    /// <summary>Runs every queued job of the lane's kinds; returns how many ran.</summary>
    public async Task<int> RunAsync(ServerFixture server)
    {
        await TakeOverAsync(server);
        var queue = server.Services.GetRequiredService<JobQueue>();
        var ran = 0;
        while (await queue.ClaimAsync(kinds, TimeSpan.FromMinutes(10), CancellationToken.None) is { } job)
        {
            await using var scope = server.Services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == job.Kind);
            await handler.RunAsync(job, CancellationToken.None);
            ran++;
        }

        return ran;
    }
}
