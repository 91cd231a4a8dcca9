namespace ModelHub.Benchmarks;

/// <summary>
/// Manifest requests per second over 64 loopback connections, against a constant-JSON endpoint serving the same bytes
/// (in-process load; <see cref="DeliveryBenchmark"/> measures against nginx with wrk).
/// </summary>
public static class ManifestBenchmark
{
    public const double RatioTarget = 0.6, P99TargetMs = 5;
    private const int Connections = 64;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task<List<Row>> RunAsync(string serverDll, string stack, Dictionary<string, string> settings)
    {
        await using var server = await ServerProcess.StartAsync(serverDll, settings);
        using var api = Transfers.Client(server.Address);
        await TieredModel.SeedAsync(api);
        var manifestUrl = new Uri(server.Address, TieredModel.ManifestPath);
        var body = await api.GetByteArrayAsync(manifestUrl);

        LoadGenerator.Result constant;
        await using (var bare = await ServerProcess.StartBareJsonAsync(body))
        {
            constant = await LoadGenerator.RunAsync(new Uri(bare.Address, "/json"), Connections, Duration);
        }

        var floor = await LoadGenerator.RunAsync(new Uri(server.Address, "/health/live"), Connections, Duration);
        var manifest = await LoadGenerator.RunAsync(manifestUrl, Connections, Duration);
        var ratio = manifest.RequestsPerSecond / constant.RequestsPerSecond;
        var floorText = $"{floor.RequestsPerSecond:0} req/s, p99 {floor.P99Ms:0.0} ms";
        return
        [
            new Row(stack, $"constant JSON ({body.Length} B), {Connections} connections",
                $"{constant.RequestsPerSecond:0} req/s, p99 {constant.P99Ms:0.0} ms", "", null),
            new Row(stack, "ModelHub's pipeline floor: /health/live", floorText, "", null),
            new Row(stack, "manifest (select + sign), same connections",
                $"{manifest.RequestsPerSecond:0} req/s ({ratio:0.00} ×), p50 {manifest.P50Ms:0.0} ms", $"≥ {RatioTarget} ×",
                ratio >= RatioTarget),
            new Row(stack, "manifest p99 latency", $"{manifest.P99Ms:0.0} ms ({manifest.Errors} errors)", $"≤ {P99TargetMs} ms",
                manifest.P99Ms <= P99TargetMs),
        ];
    }
}
