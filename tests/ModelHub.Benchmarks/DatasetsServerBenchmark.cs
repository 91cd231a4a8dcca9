using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ModelHub.Benchmarks;

/// <summary>
/// Datasets through the server over HTTP, on the same generated 1,000,000-row Parquet table (~100 MB) as the engine
/// benchmark: upload and version create to an indexed table with statistics, rows at random offsets, a commit of 1,000
/// label edits (only the edits uploaded), a compare of the two versions, and the server's peak RSS over those steps (the
/// isolated worker that indexes, commits and compares is a process of its own, capped by its own limit).
/// </summary>
public static class DatasetsServerBenchmark
{
    private const int RowCount = 1_000_000;

    public static async Task<List<Row>> RunAsync(string serverDll, string stack, Dictionary<string, string> settings, string folder)
    {
        var table = Path.Combine(folder, "table.parquet");
        if (!File.Exists(table))
        {
            await DatasetsBenchmark.GenerateInChildAsync(table);
        }

        var digest = "sha256:" + Convert.ToHexStringLower(await HashAsync(table));
        var size = new FileInfo(table).Length;
        await using var server = await ServerProcess.StartAsync(serverDll, settings);
        using var api = Transfers.Client(server.Address);
        // The upload's memory is the transfer benchmark's to measure: sampling starts once the bytes are in.
        await Transfers.SessionUploadAsync(api, table, digest);
        server.StartSampling();
        (await api.PostAsJsonAsync("/v1/datasets", new { owner = "bench", name = "table" })).EnsureSuccessStatusCode();

        var watch = Stopwatch.StartNew();
        (await api.PostAsJsonAsync("/v1/datasets/bench/table/versions",
            new { version = "1", files = new[] { new { path = "train.parquet", digest, size } } })).EnsureSuccessStatusCode();
        await WaitIndexedAsync(api, "1");
        var index = watch.Elapsed;

        var random = new Random(42);
        var reads = new List<double>();
        for (var i = 0; i < 205; i++)
        {
            var offset = random.NextInt64(0, RowCount - 100);
            watch.Restart();
            using var page = await api.GetAsync($"/v1/datasets/bench/table/versions/1/rows?table=train.parquet&offset={offset}&length=100");
            page.EnsureSuccessStatusCode();
            await page.Content.ReadAsByteArrayAsync();
            if (i >= 5)
            {
                reads.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        reads.Sort();
        watch.Restart();
        var lines = Enumerable.Range(0, 1000).Select(i => $"{(i * 997L) + 13},relabelled\n");
        var edits = Encoding.UTF8.GetBytes("id,label\n" + string.Concat(lines));
        var editsDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(edits));
        (await api.PutAsync($"/v1/blobs/{editsDigest}", new ByteArrayContent(edits))).EnsureSuccessStatusCode();
        using var commit = await api.PostAsJsonAsync("/v1/datasets/bench/table/commits", new
        {
            parent = "1",
            tables = new[]
            {
                new { path = "train.parquet", key = "id", upserts = new { digest = editsDigest, size = edits.Length, format = "csv" } },
            },
        });
        commit.EnsureSuccessStatusCode();
        var committed = watch.Elapsed;
        var changed = JsonDocument.Parse(await commit.Content.ReadAsStringAsync()).RootElement.GetProperty("changes")
            .GetProperty("rowsChanged").GetInt64();
        watch.Restart();
        await WaitIndexedAsync(api, "2");
        var reindex = watch.Elapsed;

        watch.Restart();
        using var compare = await api.GetAsync("/v1/datasets/bench/table/compare/1...2");
        compare.EnsureSuccessStatusCode();
        var compared = watch.Elapsed;
        var diffChanged = JsonDocument.Parse(await compare.Content.ReadAsStringAsync()).RootElement.GetProperty("tables")[0]
            .GetProperty("comparison").GetProperty("rowsChanged").GetInt64();
        var rss = server.StopSampling();

        return
        [
            new Row(stack, $"version POST → table indexed with statistics ({size / 1e6:0} MB, {RowCount:N0} rows)", Ms(index), "≤ 10 s",
                index.TotalSeconds <= 10),
            new Row(stack, "GET rows (100) at 200 random offsets over HTTP, p50", $"{reads[100]:0.0} ms", "≤ 50 ms", reads[100] <= 50),
            new Row(stack, "GET rows p99", $"{reads[197]:0.0} ms", "", null),
            new Row(stack, $"commit of 1,000 label edits: upload edits + POST ({changed:N0} changed)", Ms(committed), "≤ 10 s",
                committed.TotalSeconds <= 10),
            new Row(stack, "the commit's table indexed (statistics of the new copy)", Ms(reindex), "", null),
            new Row(stack, $"GET compare 1...2 ({diffChanged:N0} changed)", Ms(compared), "≤ 10 s", compared.TotalSeconds <= 10),
            new Row(stack, "server peak RSS over these steps", $"{rss:0} MB", "≤ 300 MB", rss <= 300),
        ];
    }

    private static async Task WaitIndexedAsync(HttpClient api, string version)
    {
        for (var i = 0; i < 6000; i++)
        {
            var tables = JsonDocument.Parse(await api.GetStringAsync($"/v1/datasets/bench/table/versions/{version}/tables")).RootElement;
            var state = tables[0].GetProperty("state").GetString();
            if (state == "indexed")
            {
                return;
            }

            if (state == "failed")
            {
                throw new InvalidOperationException($"Indexing failed: {tables[0].GetProperty("error").GetString()}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The table was not indexed in 5 minutes.");
    }

    private static async Task<byte[]> HashAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await SHA256.HashDataAsync(file);
    }

    private static string Ms(TimeSpan elapsed) => $"{elapsed.TotalMilliseconds:0} ms";
}
