using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ModelHub.Benchmarks;

/// <summary>The Release server as a child process on a free loopback port, with its resident memory sampled.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    // At least 32 characters: a Production server refuses a shorter admin token.
    public const string AdminToken = "bench-admin-token-0123456789abcdef";
    private readonly Process _process;
    private readonly string _scratch;
    private readonly ConcurrentQueue<string> _output = new();
    private long _peakRss;
    private CancellationTokenSource? _sampling;

    private ServerProcess(Process process, Uri address, string scratch)
    {
        _process = process;
        Address = address;
        _scratch = scratch;
    }

    public Uri Address { get; }

    /// <summary>The last line the server logged that contains <paramref name="text"/> (its log at the level asked), or "".</summary>
    public string LastLine(string text) => _output.LastOrDefault(l => l.Contains(text, StringComparison.Ordinal)) ?? "";

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    public static Task<ServerProcess> StartAsync(string serverDll, IDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["ModelHub__Auth__AdminToken"] = AdminToken,
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return StartAsync([serverDll], environment, "/health/ready", scratch =>
        {
            environment.TryAdd("ModelHub__Database__ConnectionString", $"Data Source={Path.Combine(scratch, "db.sqlite")}");
            environment.TryAdd("ModelHub__Storage__FileSystem__Path", Path.Combine(scratch, "blobs"));
        });
    }

    /// <summary>
    /// The constant-JSON baseline in its own process (this program with <c>--serve-json</c>), so that it runs in the same
    /// topology as the server it is compared with: its own process and thread pool, next to the load generator's.
    /// </summary>
    public static async Task<ServerProcess> StartBareJsonAsync(byte[] body)
    {
        var file = Path.Combine(Path.GetTempPath(), $"modelhub-bench-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(file, body);
        return await StartAsync(
            [typeof(ServerProcess).Assembly.Location, "--serve-json", file], new Dictionary<string, string>(), "/json", _ => { });
    }

    private static async Task<ServerProcess> StartAsync(
        string[] arguments, Dictionary<string, string> environment, string readyPath, Action<string> configure)
    {
        var port = FreePort();
        var scratch = Path.Combine(Path.GetTempPath(), "modelhub-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        configure(scratch);
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = scratch,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), scratch);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  server: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = server.Address };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync(readyPath)).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"{string.Join(' ', arguments)} did not become ready.");
    }

    /// <summary>Starts sampling resident memory; <see cref="StopSampling"/> returns the peak in MB.</summary>
    public void StartSampling()
    {
        _peakRss = 0;
        _sampling = new CancellationTokenSource();
        var token = _sampling.Token;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                _peakRss = Math.Max(_peakRss, ResidentBytes());
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);
    }

    public double StopSampling()
    {
        _sampling?.Cancel();
        _peakRss = Math.Max(_peakRss, ResidentBytes());
        return _peakRss / 1024.0 / 1024.0;
    }

    private long ResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _sampling?.Cancel();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
