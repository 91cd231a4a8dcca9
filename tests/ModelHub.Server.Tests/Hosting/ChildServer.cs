using System.Diagnostics;
using System.Net.Sockets;
using ModelHub.Isolation;

namespace ModelHub.Server.Tests.Hosting;

/// <summary>
/// The built server started the way a service manager starts it: <c>dotnet /its/folder/ModelHub.Server.dll</c> from
/// another working directory (a fresh scratch folder, where its default <c>data/</c> lands), with its console output
/// collected line by line.
/// </summary>
public sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ChildServer(Process process, Uri address, string workingDirectory)
    {
        _process = process;
        Address = address;
        WorkingDirectory = workingDirectory;
    }

    public Uri Address { get; }

    public string WorkingDirectory { get; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public string Output => string.Join('\n', Lines);

    /// <summary>The server's own build output, next to this test's (same configuration).</summary>
    public static string ServerDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ModelHub.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Not inside the repository.");
        }

        return Path.Combine(root.FullName, "src", "ModelHub.Server", "bin", configuration, "net10.0", "ModelHub.Server.dll");
    }

    public static ChildServer Start(IDictionary<string, string?> environment)
    {
        var port = FreePort();
        var scratch = Path.Combine(Path.GetTempPath(), "modelhub-child", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = scratch,
        };
        info.ArgumentList.Add(ServerDll());
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var inherited in new[] { "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["ModelHub__Validation__Enabled"] = "false";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var server = new ChildServer(process, new Uri($"http://127.0.0.1:{port}"), scratch);
        process.OutputDataReceived += (_, e) => server.Add(e.Data);
        process.ErrorDataReceived += (_, e) => server.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits for a line of output that matches; false when the server exited or a minute passed first.</summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> match)
    {
        for (var i = 0; i < 600; i++)
        {
            if (Lines.Any(match))
            {
                return true;
            }

            if (_process.HasExited && i > 0)
            {
                return Lines.Any(match);
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The exit code, once the process ended by itself (it is killed after a minute).</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        // WaitForExitAsync returns before the output is drained; the parameterless WaitForExit waits for it.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await WorkerProcesses.StopAsync(_process);
        _process.Dispose();
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
