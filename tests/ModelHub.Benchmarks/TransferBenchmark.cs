namespace ModelHub.Benchmarks;

/// <summary>Upload and download a large file through ModelHub, against a bare Kestrel endpoint and raw sha256.</summary>
public static class TransferBenchmark
{
    public const double UploadTarget = 300, RssTarget = 200, DownloadRatio = 0.9;

    public static async Task<List<Row>> RunAsync(
        string serverDll, string stack, Dictionary<string, string> settings, string folder, long size)
    {
        var rows = new List<Row>();
        var first = Path.Combine(folder, "first.bin");
        var second = Path.Combine(folder, "second.bin");
        var firstDigest = await Transfers.CreateFileAsync(first, size, 1);
        var secondDigest = await Transfers.CreateFileAsync(second, size, 2);

        var hashRate = await Transfers.HashRateAsync(first);
        double bareRate, bareHalf;
        await using (var bare = await BareKestrel.StartAsync(first))
        {
            using var client = Transfers.Client(bare.Address);
            await Transfers.DownloadAsync(client, "/file");
            bareRate = await Transfers.DownloadAsync(client, "/file");
            bareHalf = await Transfers.DownloadAsync(client, "/file", size / 2);
        }

        rows.Add(new Row(stack, "baseline: SHA256 over the file", $"{hashRate:0} MB/s", "", null));
        rows.Add(new Row(stack, "baseline: bare Kestrel download", $"{bareRate:0} MB/s", "", null));

        await using var server = await ServerProcess.StartAsync(serverDll, settings);
        using var api = Transfers.Client(server.Address);
        server.StartSampling();
        var session = await Transfers.SessionUploadAsync(api, first, firstDigest);
        var sessionRss = server.StopSampling();
        server.StartSampling();
        var put = await Transfers.PutAsync(api, second, secondDigest);
        var putRss = server.StopSampling();
        server.StartSampling();
        var download = await Transfers.DownloadAsync(api, $"/v1/blobs/{firstDigest}");
        var half = await Transfers.DownloadAsync(api, $"/v1/blobs/{firstDigest}", size / 2);
        var downloadRss = server.StopSampling();

        var uploadTarget = stack == "embedded" ? UploadTarget : (double?)null;
        rows.Add(new Row(stack, $"upload {size >> 20} MiB, session of 64 MiB chunks", $"{session:0} MB/s",
            uploadTarget is null ? "" : $"≥ {UploadTarget} MB/s", uploadTarget is null ? null : session >= UploadTarget));
        rows.Add(new Row(stack, $"upload {size >> 20} MiB, one PUT", $"{put:0} MB/s",
            uploadTarget is null ? "" : $"≥ {UploadTarget} MB/s", uploadTarget is null ? null : put >= UploadTarget));
        rows.Add(new Row(stack, "download whole blob", $"{download:0} MB/s ({download / bareRate:0.00} × bare)",
            $"≥ {DownloadRatio} × bare", download >= DownloadRatio * bareRate));
        rows.Add(new Row(stack, "download second half (Range)", $"{half:0} MB/s ({half / bareHalf:0.00} × bare)",
            $"≥ {DownloadRatio} × bare", half >= DownloadRatio * bareHalf));
        foreach (var (name, rss) in new[] { ("session upload", sessionRss), ("PUT upload", putRss), ("downloads", downloadRss) })
        {
            rows.Add(new Row(stack, $"server peak RSS during {name}", $"{rss:0} MB", $"≤ {RssTarget} MB", rss <= RssTarget));
        }

        File.Delete(first);
        File.Delete(second);
        return rows;
    }
}
