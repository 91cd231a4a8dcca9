using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Jobs;

namespace ModelHub.Server.Tests.Jobs;

/// <summary>
/// A server that starts again on the machine where its predecessor died takes up the validations that predecessor held
/// at once, not when their hour-long leases run out; a live server's lease on another machine is left alone. Owns its
/// server, because it restarts it.
/// </summary>
public abstract class DeadLeaseTests(ServerFixture server)
{
    private const string Repo = "lab/leases";

    private async Task CreateValidatingVersionAsync(string version)
    {
        var bytes = Models.MatMul();
        await server.Admin.PutBlobAsync(bytes);
        using var created = await server.Admin.PostAsJsonAsync($"/v1/models/{Repo}/versions", new
        {
            version,
            files = new[] { new { path = "model.onnx", digest = TestData.Digest(bytes), size = bytes.Length } },
        });
        created.EnsureSuccessStatusCode();
    }

    private async Task LeaseAsync(string version, string owner)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var until = DateTimeOffset.UtcNow.AddHours(1);
        var leased = await Validations(db, version)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, owner).SetProperty(j => j.LeaseExpiresAt, until));
        Assert.Equal(1, leased);
    }

    private async Task<string?> LeaseOwnerOfAsync(string version)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        return await Validations(db, version).Select(j => j.LeaseOwner).SingleAsync();
    }

    private static IQueryable<Job> Validations(ModelHubDbContext db, string version) =>
        db.Jobs.Where(j => j.Kind == JobKinds.Validation && j.Version.Name == version && j.Version.Repository.Name == "leases");

    private async Task<string?> StateAsync(string version) =>
        (await (await server.Admin.GetAsync($"/v1/models/{Repo}/versions/{version}")).JsonAsync()).GetProperty("state").GetString();

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public async Task Leases_of_dead_processes_of_this_machine_are_released_at_start()
    {
        await server.RestartAsync(new Dictionary<string, string?> { ["ModelHub:Validation:Enabled"] = "false" });
        await server.Admin.CreateRepositoryAsync("lab", "leases");
        foreach (var version in new[] { "1.0.0", "2.0.0", "3.0.0" })
        {
            await CreateValidatingVersionAsync(version);
        }

        var self = LeaseOwner.ThisProcess();
        // A service restarted with a new process id, a container restarted in place (same id, later start), a live
        // server elsewhere.
        await LeaseAsync("1.0.0", (self with { ProcessId = DeadProcessId(), Instance = "crashed" }).ToString());
        await LeaseAsync("2.0.0", (self with { StartedAt = self.StartedAt - 60_000, Instance = "before-restart" }).ToString());
        var elsewhere = (self with { Machine = "another-node", Instance = "live" }).ToString();
        await LeaseAsync("3.0.0", elsewhere);

        // One owner holds all three jobs: its share of the slots must not count the live server's job against the
        // two released ones, so the share here is all the slots.
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["ModelHub:Validation:Enabled"] = "true",
            ["ModelHub:Validation:Parallelism"] = "3",
            ["ModelHub:Validation:MaxPerOwner"] = "3",
        });
        var states = new[] { "validating", "validating" };
        for (var i = 0; i < 600 && states.Contains("validating"); i++)
        {
            await Task.Delay(100);
            states = [(await StateAsync("1.0.0"))!, (await StateAsync("2.0.0"))!];
        }

        Assert.Equal(["published", "published"], states);
        Assert.Equal("validating", await StateAsync("3.0.0"));
        Assert.Equal(elsewhere, await LeaseOwnerOfAsync("3.0.0"));
    }
}

public sealed class DeadLeaseTestsOnEmbedded(EmbeddedServerFixture server) : DeadLeaseTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class DeadLeaseTestsOnPostgresS3(ExternalServerFixture server) : DeadLeaseTests(server), IClassFixture<ExternalServerFixture>;
