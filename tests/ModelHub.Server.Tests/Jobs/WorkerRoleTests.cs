using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.Server.Jobs;
using ModelHub.Server.Tests.Hosting;

namespace ModelHub.Server.Tests.Jobs;

/// <summary>
/// A cluster split by role over one database and one blob store: an API server (<c>ModelHub:Role=api</c>, no job workers)
/// takes the push, and a worker host (<c>ModelHub:Role=worker</c>, the built server started as its own process) validates
/// and publishes the version while listening on nothing.
/// </summary>
public abstract class WorkerRoleTests(ServerFixture server)
{
    [Fact]
    public async Task A_version_pushed_to_the_api_is_validated_by_a_worker_host_that_serves_no_http()
    {
        await server.RestartAsync(new Dictionary<string, string?> { [WorkerRole.Setting] = WorkerRole.Api });
        var environment = server.Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["ModelHub__Role"] = WorkerRole.Worker;
        environment["ModelHub__Validation__Enabled"] = "true";
        environment["Serilog__MinimumLevel__Default"] = "Information";
        // The fixture's short admin token is accepted outside Production, as by the in-process server.
        environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        await using var worker = ChildServer.Start(environment);
        await server.Admin.CreateRepositoryAsync("roles", "split");

        // Waits on the version's state (up to minutes): only the worker host runs jobs, so it published it.
        var detail = await server.Admin.PushAndWaitAsync("roles/split", "1.0.0", [("model.onnx", Models.Add())]);

        Assert.Equal("published", detail.GetProperty("state").GetString());
        Assert.DoesNotContain(server.Services.GetServices<IHostedService>(), s => s is JobWorkers);
        Assert.True(await worker.WaitForLineAsync(l => l.Contains("Published after validation", StringComparison.Ordinal)),
            worker.Output);
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(worker.Address.Host, worker.Address.Port));
        Assert.DoesNotContain(worker.Lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
    }
}

public sealed class WorkerRoleTestsOnEmbedded(EmbeddedServerFixture server)
    : WorkerRoleTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class WorkerRoleTestsOnPostgresS3(ExternalServerFixture server)
    : WorkerRoleTests(server), IClassFixture<ExternalServerFixture>;
