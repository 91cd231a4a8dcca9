using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Entities;
using ModelHub.Server.Evaluations;

namespace ModelHub.Testing;

/// <summary>Runs a server's evaluation jobs from the test (see <see cref="LaneJobs"/>).</summary>
public static class EvaluationJobs
{
    private static readonly LaneJobs Lane = new([JobKinds.Evaluation], "ModelHub:Evaluations:Enabled",
        services => services.GetRequiredService<IOptions<EvaluationOptions>>().Value.Enabled);

    public static Task TakeOverAsync(ServerFixture server) => Lane.TakeOverAsync(server);

    /// <summary>Runs every queued evaluation job; returns how many ran.</summary>
    public static Task<int> RunAsync(ServerFixture server) => Lane.RunAsync(server);
}
