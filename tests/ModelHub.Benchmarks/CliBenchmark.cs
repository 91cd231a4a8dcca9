using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using ModelHub.TestModels;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.Benchmarks;

/// <summary>
/// The <c>modelhub</c> CLI as users run it (a separate process): push and pull of a large ONNX model (a MatMul whose
/// weights live in external data), cold, warm, resumed from 50 %, and an unchanged re-push.
/// </summary>
public static class CliBenchmark
{
    public static async Task<List<Row>> RunAsync(
        string serverDll, string cliDll, string stack, Dictionary<string, string> settings, string folder, long size)
    {
        var rows = new List<Row>();
        var model = Path.Combine(folder, "cli-model");
        Directory.CreateDirectory(model);
        var n = (long)Math.Sqrt(size / 4.0);
        var weights = Path.Combine(model, "model.onnx_data");
        var weightsDigest = await WriteWeightsAsync(weights, n * n * 4);
        var graph = new GraphBuilder("large_external")
            .Input("x", DataType.Float, 1, n).Output("y", DataType.Float, 1, n)
            .Initializer(Tensors.External("w", "model.onnx_data", n, n))
            .Node("MatMul", ["x", "w"], ["y"]).Bytes();
        await File.WriteAllBytesAsync(Path.Combine(model, "model.onnx"), graph);
        var total = graph.Length + n * n * 4;

        // Validation of a GiB model needs room: a bigger memory cap and timeout than the defaults.
        var serverSettings = new Dictionary<string, string>(settings)
        {
            ["ModelHub__Validation__MemoryCapMegabytes"] = "6144",
            ["ModelHub__Validation__Timeout"] = "00:10:00",
        };
        await using var server = await ServerProcess.StartAsync(serverDll, serverSettings);
        using var api = Transfers.Client(server.Address);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerProcess.AdminToken);
        (await api.PostAsync("/v1/models", JsonContent(new { owner = "bench", name = "large" }))).EnsureSuccessStatusCode();
        var cache = Path.Combine(folder, "cli-cache");
        var label = $"{total / 1024.0 / 1024:0} MiB";

        string[] push =
        [
            "push", "bench/large", "1.0.0",
            "--variant", $"fp32={Path.Combine(model, "model.onnx")}",
            "--file", weights,
            "--no-wait", "--json",
        ];
        var (cold, coldTime) = await RunCliAsync(cliDll, server.Address, cache, push);
        rows.Add(Transfer(stack, $"CLI push {label}, cold", cold.GetProperty("bytesUploaded").GetInt64(), coldTime));
        var validation = Stopwatch.StartNew();
        await WaitPublishedAsync(api);
        rows.Add(new Row(stack, $"validation of the pushed {label} model", $"{validation.Elapsed.TotalSeconds:0.0} s", "", null));
        var (again, againTime) = await RunCliAsync(cliDll, server.Address, cache, push);
        rows.Add(Transfer(stack, $"CLI push {label}, unchanged re-push", again.GetProperty("bytesUploaded").GetInt64(), againTime,
            note: "hashes locally, HEAD per blob"));

        string[] pull = ["pull", "bench/large@1.0.0", "--device", "ep=cpu,memory=16g", "--json"];
        var (first, firstTime) = await RunCliAsync(cliDll, server.Address, cache, pull);
        rows.Add(Transfer(stack, $"CLI pull {label}, cold cache", first.GetProperty("bytesDownloaded").GetInt64(), firstTime));
        var (warm, warmTime) = await RunCliAsync(cliDll, server.Address, cache, pull);
        rows.Add(Transfer(stack, $"CLI pull {label}, warm cache", warm.GetProperty("bytesDownloaded").GetInt64(), warmTime));

        // Resume: keep the first half of the weights as a partial download, drop the verified copy, pull again.
        var hex = weightsDigest["sha256:".Length..];
        var blob = Path.Combine(cache, "blobs", "sha256", hex);
        var partial = Path.Combine(cache, "partial", hex + ".part");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await using (var source = File.OpenRead(blob))
        await using (var target = File.Create(partial))
        {
            await CopyAsync(source, target, new FileInfo(blob).Length / 2);
        }

        File.Delete(blob);
        var (resumed, resumedTime) = await RunCliAsync(cliDll, server.Address, cache, pull);
        rows.Add(Transfer(stack, $"CLI pull {label}, resumed from 50 %", resumed.GetProperty("bytesDownloaded").GetInt64(), resumedTime));

        Directory.Delete(cache, recursive: true);
        Directory.Delete(model, recursive: true);
        return rows;
    }

    private static Row Transfer(string stack, string name, long bytes, TimeSpan elapsed, string? note = null)
    {
        var rate = bytes == 0 ? "-" : $"{Transfers.Rate(bytes, elapsed):0} MB/s";
        var value = $"{bytes / 1024.0 / 1024:0.#} MiB moved in {elapsed.TotalSeconds:0.00} s ({rate}){(note is null ? "" : $"; {note}")}";
        return new Row(stack, name, value, "", null);
    }

    private static async Task<(JsonElement Json, TimeSpan Elapsed)> RunCliAsync(string cliDll, Uri server, string cache, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MODELHUB_URL"] = server.ToString();
        start.Environment["MODELHUB_TOKEN"] = ServerProcess.AdminToken;
        start.Environment["MODELHUB_CACHE"] = cache;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"modelhub {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        }

        using var document = JsonDocument.Parse(await output);
        return (document.RootElement.Clone(), watch.Elapsed);
    }

    private static async Task WaitPublishedAsync(HttpClient api)
    {
        while (true)
        {
            using var document = JsonDocument.Parse(await api.GetStringAsync("/v1/models/bench/large/versions/1.0.0"));
            var state = document.RootElement.GetProperty("state").GetString();
            if (state == "published")
            {
                return;
            }

            if (state == "rejected")
            {
                throw new InvalidOperationException(
                    "The benchmark model was rejected: " + document.RootElement.GetProperty("validation").GetRawText());
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Small deterministic weights, streamed to disk; returns the file's digest.</summary>
    private static async Task<string> WriteWeightsAsync(string path, long bytes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var random = new Random(7);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long written = 0; written < bytes; written += buffer.Length)
        {
            var count = (int)Math.Min(buffer.Length, bytes - written);
            for (var i = 0; i < count; i += 4)
            {
                BitConverter.TryWriteBytes(buffer.AsSpan(i), (float)((random.NextDouble() - 0.5) * 0.01));
            }

            sha.AppendData(buffer, 0, count);
            await file.WriteAsync(buffer.AsMemory(0, count));
        }

        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static async Task CopyAsync(Stream source, Stream target, long count)
    {
        var buffer = new byte[1 << 20];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)));
            if (read == 0)
            {
                break;
            }

            await target.WriteAsync(buffer.AsMemory(0, read));
            count -= read;
        }
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}
