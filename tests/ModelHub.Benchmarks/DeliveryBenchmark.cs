using System.Net;
using System.Net.Http.Headers;

namespace ModelHub.Benchmarks;

/// <summary>
/// ModelHub against the physical limit, nginx serving the same bytes from the same machine: manifest requests (64
/// connections, wrk) and the download of one large file, each three rounds, side by side with the ratio per round; and
/// the production layout of <c>deploy/nginx</c> (nginx in front, downloads handed to it with X-Accel-Redirect) in the
/// same run. Two ModelHub processes share one store: one answering directly, one behind nginx.
/// </summary>
public static class DeliveryBenchmark
{
    public const double ManifestRatioTarget = 0.6, P99TargetMs = 5, DownloadRatioTarget = 0.9;
    private const int Connections = 64, Rounds = 3;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task<List<Row>> RunAsync(string serverDll, string folder, long size)
    {
        if (!Nginx.IsAvailable || !Wrk.IsAvailable)
        {
            Console.Error.WriteLine("delivery: skipped (apt-get install nginx-light wrk to measure against nginx)");
            return [];
        }

        var store = Path.Combine(folder, "delivery-store");
        var statics = Path.Combine(folder, "delivery-static");
        Directory.CreateDirectory(statics);
        var settings = new Dictionary<string, string>
        {
            ["ModelHub__Database__Provider"] = "Sqlite",
            ["ModelHub__Database__ConnectionString"] = $"Data Source={Path.Combine(store, "modelhub.db")}",
            ["ModelHub__Storage__Provider"] = "FileSystem",
            ["ModelHub__Storage__FileSystem__Path"] = Path.Combine(store, "blobs"),
            // Two servers share this database (direct and behind nginx): they must share the key that seals its
            // signing seeds, as replicas do.
            ["ModelHub__Signing__KeyEncryptionKeyFile"] = Path.Combine(store, "signing.key"),
        };
        Directory.CreateDirectory(store);
        var file = Path.Combine(statics, "file.bin");
        var digest = await Transfers.CreateFileAsync(file, size, 3);

        await using var direct = await ServerProcess.StartAsync(serverDll, settings);
        using (var api = Transfers.Client(direct.Address))
        {
            await TieredModel.SeedAsync(api);
            await Transfers.PutAsync(api, file, digest);
            // A public version holds the file, so anyone may download it (as a model's weights would be).
            (await api.PostAsJsonAsync("/v1/models", new { owner = "bench", name = "large" })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync("/v1/models/bench/large/versions", new
            {
                version = "1.0.0",
                files = new[] { new { path = "weights.bin", digest, size } },
            })).EnsureSuccessStatusCode();
            await File.WriteAllBytesAsync(Path.Combine(statics, "manifest.json"), await api.GetByteArrayAsync(TieredModel.ManifestPath));
        }

        await using var fronted = await ServerProcess.StartAsync(serverDll,
            new Dictionary<string, string>(settings) { ["ModelHub__Downloads__AccelRedirectPrefix"] = "/_modelhub/" });
        await using var nginx = await Nginx.StartAsync(statics, fronted.Address, Path.Combine(store, "blobs"));
        await CheckHandOffAsync(nginx.FrontAddress, digest, file);

        var manifests = new Measured("manifest");
        var downloads = new Measured("download");
        for (var round = 0; round < Rounds; round++)
        {
            Console.Error.WriteLine($"delivery: round {round + 1} of {Rounds} …");
            manifests.Add(
                await Wrk.RunAsync(new Uri(nginx.StaticAddress, "/static/manifest.json"), Connections, Duration),
                await Wrk.RunAsync(new Uri(direct.Address, TieredModel.ManifestPath), Connections, Duration),
                await Wrk.RunAsync(new Uri(nginx.FrontAddress, TieredModel.ManifestPath), Connections, Duration));
            using var client = Transfers.Client(direct.Address);
            downloads.Add(
                await DownloadAsync(client, new Uri(nginx.StaticAddress, "/static/file.bin")),
                await DownloadAsync(client, new Uri(direct.Address, $"/v1/blobs/{digest}")),
                await DownloadAsync(client, new Uri(nginx.FrontAddress, $"/v1/blobs/{digest}")));
        }

        var body = new FileInfo(Path.Combine(statics, "manifest.json")).Length;
        return [.. manifests.Rows(body), .. downloads.Rows(size)];
    }

    private static async Task<Wrk.Result> DownloadAsync(HttpClient client, Uri url)
    {
        // Warm: the file is in the page cache for all three alike.
        var rate = await Transfers.DownloadAsync(client, url.ToString());
        return new Wrk.Result(rate, 0, 0, 0);
    }

    /// <summary>The hand-off must keep ModelHub's headers and nginx must serve ranges of the right bytes.</summary>
    private static async Task CheckHandOffAsync(Uri front, string digest, string file)
    {
        using var client = new HttpClient { BaseAddress = front };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/blobs/{digest}");
        request.Headers.Range = new RangeHeaderValue(10, 19);
        request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue($"\"{digest}\""));
        request.Headers.Add("Origin", "https://app.example");
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var expected = new byte[10];
        await using (var stream = File.OpenRead(file))
        {
            stream.Seek(10, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(expected);
        }

        var problems = new List<string>();
        if (response.StatusCode != HttpStatusCode.PartialContent || !bytes.SequenceEqual(expected))
        {
            problems.Add($"{(int)response.StatusCode} with {bytes.Length} bytes, not 206 with bytes 10-19");
        }

        if (response.Headers.ETag?.Tag != $"\"{digest}\"" || !response.Headers.Contains("Docker-Content-Digest")
            || !response.Headers.Contains("Access-Control-Allow-Origin"))
        {
            problems.Add($"headers lost: {response.Headers}");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("nginx hand-off: " + string.Join("; ", problems));
        }
    }

    /// <summary>The rounds of one measurement: nginx alone, ModelHub alone, ModelHub behind nginx.</summary>
    private sealed class Measured(string what)
    {
        private readonly List<(Wrk.Result Nginx, Wrk.Result Direct, Wrk.Result Front)> _rounds = [];

        public void Add(Wrk.Result nginx, Wrk.Result direct, Wrk.Result front) => _rounds.Add((nginx, direct, front));

        public IEnumerable<Row> Rows(long bytes)
        {
            var manifest = what == "manifest";
            var unit = manifest ? "req/s" : "MB/s";
            var label = manifest ? $"manifest ({bytes} B JSON), {Connections} connections, wrk" : $"download {bytes >> 20} MiB";
            var target = manifest ? ManifestRatioTarget : DownloadRatioTarget;
            yield return new Row("embedded", $"{label}: nginx, static file", Span(_rounds.Select(r => r.Nginx.RequestsPerSecond), unit)
                + (manifest ? $", p99 {Span(_rounds.Select(r => r.Nginx.P99Ms), "ms")}" : ""), "anchor", null);
            foreach (var (name, pick) in new (string, Func<(Wrk.Result Nginx, Wrk.Result Direct, Wrk.Result Front), Wrk.Result>)[]
            {
                ("ModelHub (Kestrel alone)", r => r.Direct), ("ModelHub behind nginx (deploy/nginx)", r => r.Front),
            })
            {
                var ratios = _rounds.Select(r => pick(r).RequestsPerSecond / r.Nginx.RequestsPerSecond).ToList();
                var p99 = _rounds.Select(r => pick(r).P99Ms).ToList();
                var met = Median(ratios) >= target && (!manifest || Median(p99) <= P99TargetMs);
                yield return new Row("embedded", $"{label}: {name}",
                    $"{Span(_rounds.Select(r => pick(r).RequestsPerSecond), unit)}, {Span(ratios, "×")}"
                    + (manifest ? $", p99 {Span(p99, "ms")}" : ""),
                    $"≥ {target} ×" + (manifest ? $", p99 ≤ {P99TargetMs} ms" : ""), met);
            }
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }

        private static string Span(IEnumerable<double> values, string unit)
        {
            var list = values.ToList();
            var format = list.Max() >= 100 ? "N0" : "0.00";
            return $"{Median(list).ToString(format)} {unit} ({list.Min().ToString(format)}–{list.Max().ToString(format)})";
        }
    }
}
