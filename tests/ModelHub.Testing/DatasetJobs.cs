using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Entities;
using ModelHub.Server.Datasets;

namespace ModelHub.Testing;

/// <summary>Runs a server's dataset jobs (table indexing, thumbnails) from the test (see <see cref="LaneJobs"/>).</summary>
public static class DatasetJobs
{
    private static readonly LaneJobs Lane = new([JobKinds.TableIndex, JobKinds.Thumbnails], "ModelHub:Datasets:Enabled",
        services => services.GetRequiredService<IOptions<DatasetOptions>>().Value.Enabled);

    public static Task TakeOverAsync(ServerFixture server) => Lane.TakeOverAsync(server);

    /// <summary>Runs every queued dataset job; returns how many ran.</summary>
    public static Task<int> RunAsync(ServerFixture server) => Lane.RunAsync(server);
}
