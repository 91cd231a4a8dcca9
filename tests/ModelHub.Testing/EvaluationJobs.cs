using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Entities;
using ModelHub.Server.Evaluations;
using ModelHub.Server.Jobs;

namespace ModelHub.Testing;

/// <summary>
/// Runs a server's evaluation jobs from the test, to the end, as a worker would (see <see cref="DatasetJobs"/>): the first
/// call restarts the server with the evaluations lane off, so no background worker claims a job the test waits for.
/// </summary>
public static class EvaluationJobs
{
    private static readonly string[] Kinds = [JobKinds.Evaluation];

    public static async Task TakeOverAsync(ServerFixture server)
    {
        if (server.Services.GetRequiredService<IOptions<EvaluationOptions>>().Value.Enabled)
        {
            await server.RestartAsync(new Dictionary<string, string?> { ["ModelHub:Evaluations:Enabled"] = "false" });
        }
    }

    /// <summary>Runs every queued evaluation job; returns how many ran.</summary>
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
