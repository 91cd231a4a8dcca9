using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace ModelHub.Benchmarks;

/// <summary>The client side of the transfers: large buffers, streamed bodies, nothing held whole in memory.</summary>
public static class Transfers
{
    public const int ChunkSize = 64 * 1024 * 1024;
    private const int BufferSize = 1 << 20;

    public static HttpClient Client(Uri address) =>
        new(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(30),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", ServerProcess.AdminToken) },
        };

    public static async Task<string> CreateFileAsync(string path, long size, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[BufferSize];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize);
        for (long written = 0; written < size; written += buffer.Length)
        {
            var n = (int)Math.Min(buffer.Length, size - written);
            random.NextBytes(buffer.AsSpan(0, n));
            hash.AppendData(buffer, 0, n);
            await file.WriteAsync(buffer.AsMemory(0, n));
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>MB/s of sha256 over the file: the floor any verified transfer pays.</summary>
    public static async Task<double> HashRateAsync(string path)
    {
        var watch = Stopwatch.StartNew();
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        await SHA256.HashDataAsync(file);
        return Rate(file.Length, watch.Elapsed);
    }

    public static async Task<double> PutAsync(HttpClient client, string path, string digest)
    {
        var watch = Stopwatch.StartNew();
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        using var content = new StreamContent(file, BufferSize);
        content.Headers.ContentLength = file.Length;
        using var response = await client.PutAsync($"/v1/blobs/{digest}", content);
        response.EnsureSuccessStatusCode();
        return Rate(file.Length, watch.Elapsed);
    }

    public static async Task<double> SessionUploadAsync(HttpClient client, string path, string digest)
    {
        var watch = Stopwatch.StartNew();
        using var start = await client.PostAsync("/v1/uploads", null);
        start.EnsureSuccessStatusCode();
        var location = start.Headers.Location!.ToString();
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long offset = 0;
            int read;
            while ((read = await file.ReadAtLeastAsync(chunk.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false)) > 0)
            {
                using var content = new ByteArrayContent(chunk, 0, read);
                content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + read - 1}");
                using var patch = await client.PatchAsync(location, content);
                patch.EnsureSuccessStatusCode();
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        using var done = await client.PutAsync($"{location}?digest={digest}", null);
        done.EnsureSuccessStatusCode();
        return Rate(file.Length, watch.Elapsed);
    }

    public static async Task<double> DownloadAsync(HttpClient client, string url, long? from = null)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (from is { } offset)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return Rate(total, watch.Elapsed);
    }

    public static double Rate(long bytes, TimeSpan elapsed) => bytes / 1024.0 / 1024.0 / elapsed.TotalSeconds;
}
