using System.Diagnostics;

namespace ModelHub.Benchmarks;

/// <summary>A closed-loop HTTP load generator: N connections, each sending the next request as the last one ends.</summary>
public static class LoadGenerator
{
    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, int Requests);

    /// <summary>Runs for <paramref name="duration"/>, or until <paramref name="until"/> ends when one is given.</summary>
    public static async Task<Result> RunAsync(Uri url, int connections, TimeSpan duration, Task? until = null)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        });
        // Warm-up: open the connections and let the JIT settle.
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => client.GetByteArrayAsync(url)));

        var deadline = Stopwatch.StartNew();
        long errors = 0;
        var perConnection = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var latencies = new List<double>();
            while (deadline.Elapsed < duration && until is not { IsCompleted: true })
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(url);
                await response.Content.LoadIntoBufferAsync();
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return latencies;
        }));
        var all = perConnection.SelectMany(l => l).Order().ToArray();
        return new Result(all.Length / deadline.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)], errors,
            all.Length);
    }
}
