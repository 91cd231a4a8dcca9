using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Entities;
using ModelHub.Server.Jobs;
using ModelHub.Server.Validation;

namespace ModelHub.Server.Tests.Manifests;

/// <summary>
/// Every write that changes what a model serves reaches the manifest at once, although the manifest cache keeps a
/// repository's state for seconds: each step reads the manifest, writes, and reads it again well within that time.
/// Validation runs here when the test says so (the background workers are off), so no step races a worker.
/// </summary>
public abstract class ManifestFreshnessTests(ServerFixture server)
{
    [Fact]
    public async Task Every_write_route_changes_the_manifest_answer_at_once()
    {
        await server.RestartAsync(new Dictionary<string, string?> { ["ModelHub:Validation:Enabled"] = "false" });
        var admin = server.Admin;
        var repo = $"lab/fresh-{Guid.NewGuid():N}"[..18];
        byte[][] models = [Models.MatMul(1), Models.MatMul(2)];
        var stale = new List<string>();

        await ChangesAsync("repository create", admin, "ep=cpu", () => admin.CreateRepositoryAsync("lab", repo[4..]));
        await ChangesAsync("version create", admin, "version=0.1.0",
            () => Expect(admin.CreateVersionAsync(repo, "0.1.0", ("a.txt", [1])), HttpStatusCode.Created));
        await Expect(admin.CreateVersionAsync(repo, "1.0.0", ("model.onnx", models[0])), HttpStatusCode.Accepted);
        await ChangesAsync("validation finished", admin, "version=1.0.0", ValidateQueuedAsync);
        await ChangesAsync("channel create", admin, "ep=cpu", () => admin.MoveChannelAsync(repo, "stable", "1.0.0"));
        await Expect(admin.CreateVersionAsync(repo, "2.0.0", ("model.onnx", models[1])), HttpStatusCode.Accepted);
        await ValidateQueuedAsync();
        await ChangesAsync("channel move", admin, "ep=cpu", () => admin.MoveChannelAsync(repo, "stable", "2.0.0"));
        await ChangesAsync("channel rollback", admin, "ep=cpu",
            () => Expect(admin.PostAsync($"/v1/models/{repo}/channels/stable/rollback", null), HttpStatusCode.OK));
        await ChangesAsync("repository update", server.Anonymous, "ep=cpu",
            () => Expect(admin.PatchAsJsonAsync($"/v1/models/{repo}", new { @private = true }), HttpStatusCode.OK));
        await ChangesAsync("version delete", admin, "version=0.1.0",
            () => Expect(admin.DeleteAsync($"/v1/models/{repo}/versions/0.1.0"), HttpStatusCode.NoContent));
        await ChangesAsync("repository delete", admin, "ep=cpu",
            () => Expect(admin.DeleteAsync($"/v1/models/{repo}"), HttpStatusCode.NoContent));

        Assert.Empty(stale);

        async Task ChangesAsync(string write, HttpClient reader, string query, Func<Task> act)
        {
            var before = await AnswerAsync(reader, $"/v1/models/{repo}/manifest?{query}");
            await act();
            var after = await AnswerAsync(reader, $"/v1/models/{repo}/manifest?{query}");
            if (before == after)
            {
                stale.Add($"after {write} the manifest still answers {after}");
            }
        }
    }

    /// <summary>The status and the ETag (or the problem code) of a manifest request.</summary>
    private static async Task<string> AnswerAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return response.StatusCode == HttpStatusCode.OK
            ? $"200 {response.Headers.ETag}"
            : $"{(int)response.StatusCode} {(await response.JsonAsync()).GetProperty("code").GetString()}";
    }

    private static async Task Expect(Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        using var response = await request;
        await response.ExpectAsync(status);
    }

    /// <summary>Runs every queued validation job to its verdict, as a worker would.</summary>
    private async Task ValidateQueuedAsync()
    {
        var queue = server.Services.GetRequiredService<JobQueue>();
        while (await queue.ClaimAsync([JobKinds.Validation], TimeSpan.FromMinutes(5), CancellationToken.None) is { } job)
        {
            await using var scope = server.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<VersionValidator>().RunAsync(job, CancellationToken.None);
        }
    }
}

public sealed class ManifestFreshnessTestsOnEmbedded(EmbeddedServerFixture server)
    : ManifestFreshnessTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ManifestFreshnessTestsOnPostgresS3(ExternalServerFixture server)
    : ManifestFreshnessTests(server), IClassFixture<ExternalServerFixture>;
