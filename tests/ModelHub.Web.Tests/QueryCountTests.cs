using System.Net.Http.Json;
using ModelHub.Testing;

namespace ModelHub.Web.Tests;

/// <summary>
/// Pages run a fixed number of SQL commands however many repositories they show (no N+1). Commands are counted with
/// EF Core's diagnostic events, attributed to one request through W3C baggage the test sends with it.
/// </summary>
public sealed class QueryCountTests(EmbeddedServerFixture server) : IClassFixture<EmbeddedServerFixture>, IDisposable
{
    private readonly SqlCommandCounter _counter = new();

    public void Dispose() => _counter.Dispose();

    private async Task<int> CommandsForAsync(string path)
    {
        var probe = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("baggage", $"probe={probe}");
        using var response = await server.Anonymous.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return _counter.For(probe);
    }

    private async Task AddRepositoriesAsync(int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            await server.Admin.CreateRepositoryAsync("bulk", $"model-{i:00}");
            var bytes = System.Text.Encoding.UTF8.GetBytes($"weights {i}");
            await server.Admin.PutBlobAsync(bytes);
            (await server.Admin.PostAsJsonAsync($"/v1/models/bulk/model-{i:00}/versions", new
            {
                version = "1.0.0",
                files = new[] { new { path = "weights.bin", digest = TestData.Digest(bytes), size = bytes.Length } },
            })).EnsureSuccessStatusCode();
            (await server.Admin.PatchAsJsonAsync($"/v1/models/bulk/model-{i:00}", new { tags = new[] { "bulk", $"t{i}" } }))
                .EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task The_catalog_runs_the_same_number_of_queries_for_2_and_20_repositories()
    {
        await AddRepositoriesAsync(0, 2);
        var few = await CommandsForAsync("/?owner=bulk");

        await AddRepositoriesAsync(2, 18);
        var many = await CommandsForAsync("/?owner=bulk");
        var sorted = await CommandsForAsync("/?owner=bulk&sort=downloads");

        Assert.InRange(few, 1, 8);
        Assert.Equal(few, many);
        Assert.Equal(few, sorted);
    }

    [Fact]
    public async Task A_repository_page_runs_a_fixed_number_of_queries()
    {
        await AddRepositoriesAsync(50, 1);

        var commands = await CommandsForAsync("/models/bulk/model-50");

        // 10 for the repository, its version, tiers, files and counters, 1 for the version's evaluations.
        Assert.InRange(commands, 1, 11);
    }

    [Fact]
    public async Task A_dataset_page_and_its_viewer_run_a_fixed_number_of_queries()
    {
        await DatasetJobs.TakeOverAsync(server);
        await server.Admin.CreateRepositoryAsync("bulk", "table", "datasets");
        var rows = System.Text.Encoding.UTF8.GetBytes("id,label\n1,cat\n2,dog\n");
        await server.Admin.PutBlobAsync(rows);
        (await server.Admin.PostAsJsonAsync("/v1/datasets/bulk/table/versions", new
        {
            version = "1",
            files = new[] { new { path = "rows.csv", digest = TestData.Digest(rows), size = rows.Length } },
        })).EnsureSuccessStatusCode();
        await DatasetJobs.RunAsync(server);

        var page = await CommandsForAsync("/datasets/bulk/table");
        var viewer = await CommandsForAsync("/datasets/bulk/table/viewer");
        var filtered = await CommandsForAsync("/datasets/bulk/table/viewer?label=cat");

        // The dataset version's page also lists the models evaluated on it (one query).
        Assert.InRange(page, 1, 12);
        Assert.InRange(viewer, 1, 10);
        Assert.InRange(filtered, 1, 10);
    }
}
