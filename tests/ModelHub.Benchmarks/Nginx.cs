using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ModelHub.Isolation;

namespace ModelHub.Benchmarks;

/// <summary>
/// Debian's nginx (<c>apt-get install nginx-light</c>) as a child process on loopback ports: a static server of the
/// benchmark's files (the physical limit ModelHub is compared with), and the production layout shipped in
/// <c>deploy/nginx/modelhub.conf</c>, in front of a ModelHub server, measured as shipped (only its addresses changed).
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _prefix;

    private Nginx(Process process, string prefix, Uri staticAddress, Uri frontAddress) =>
        (_process, _prefix, StaticAddress, FrontAddress) = (process, prefix, staticAddress, frontAddress);

    /// <summary>Serves the files of the static folder under <c>/static/</c>.</summary>
    public Uri StaticAddress { get; }

    /// <summary>The shipped configuration in front of ModelHub.</summary>
    public Uri FrontAddress { get; }

    public static bool IsAvailable => File.Exists(Binary);

    /// <summary>Starts nginx serving <paramref name="staticFolder"/> and fronting the ModelHub at <paramref name="upstream"/>.</summary>
    public static async Task<Nginx> StartAsync(string staticFolder, Uri upstream, string blobRoot)
    {
        var prefix = Path.Combine(Path.GetTempPath(), "modelhub-bench-nginx", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(prefix, "tmp"));
        var (staticPort, frontPort) = (FreePort(), FreePort());
        var shipped = await File.ReadAllTextAsync(Path.Combine(Paths.RepositoryRoot(), "deploy", "nginx", "modelhub.conf"));
        var front = shipped
            .Replace("server 127.0.0.1:5080;", $"server 127.0.0.1:{upstream.Port};", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{frontPort};", StringComparison.Ordinal)
            .Replace("alias /var/lib/modelhub/blobs/;", $"alias {blobRoot.TrimEnd('/')}/;", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(prefix, "modelhub.conf"), front);
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), $$"""
            # Benchmark only: root workers so they read the scratch folders whatever their modes.
            user root;
            worker_processes auto;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/tmp/body;
                proxy_temp_path {{prefix}}/tmp/proxy;
                types { application/json json; application/octet-stream bin; }
                default_type application/octet-stream;
                sendfile on;
                tcp_nopush on;
                keepalive_requests 1000000;
                server {
                    listen 127.0.0.1:{{staticPort}};
                    location /static/ { alias {{staticFolder.TrimEnd('/')}}/; }
                }
                include {{prefix}}/modelhub.conf;
            }
            """);
        var info = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  nginx: {e.Data}"); };
        process.BeginErrorReadLine();
        var nginx = new Nginx(process, prefix, new Uri($"http://127.0.0.1:{staticPort}"), new Uri($"http://127.0.0.1:{frontPort}"));
        using var client = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(nginx.FrontAddress, "/health/live"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return nginx;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await nginx.DisposeAsync();
        throw new InvalidOperationException("nginx did not start: see its errors above.");
    }

    public async ValueTask DisposeAsync()
    {
        await WorkerProcesses.StopAsync(_process);
        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
