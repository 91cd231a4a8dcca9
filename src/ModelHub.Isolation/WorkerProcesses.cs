using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ModelHub.Isolation;

/// <summary>
/// Starting, watching and killing isolated worker processes (ONNX validation, datasets, evaluations): a worker reads one
/// request on stdin and answers on stdout, its managed heap capped; the server polls its resident memory and wall
/// clock and kills it, with its children, at either limit or when the caller gives up.
/// </summary>
public static class WorkerProcesses
{
    /// <summary>
    /// The start of a worker: <paramref name="configuredPath"/> or <paramref name="assembly"/> beside the server, run by
    /// the dotnet host running us; says which setting to fix when the worker is missing.
    /// </summary>
    public static ProcessStartInfo StartInfo(string? configuredPath, string assembly, string section, long heapLimitBytes)
    {
        var worker = configuredPath is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, assembly);
        if (!File.Exists(worker))
        {
            throw new FileNotFoundException($"The worker {assembly} is missing; set {section}:WorkerPath.", worker);
        }

        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(worker);
        info.Environment["DOTNET_GCHeapHardLimit"] = heapLimitBytes.ToString("X", CultureInfo.InvariantCulture);
        return info;
    }

    /// <summary>
    /// Waits for the worker to exit, polling every <paramref name="poll"/>; kills it and returns why ("it used more than
    /// … MB of memory", "it ran longer than … s") at a limit, or null once it exited by itself. Time counts on
    /// <paramref name="watch"/>. Cancellation kills it too.
    /// </summary>
    public static async Task<string?> WatchAsync(Process process, int memoryCapMegabytes, TimeSpan timeout, Stopwatch watch,
        TimeSpan poll, CancellationToken cancellationToken)
    {
        var exited = process.WaitForExitAsync(CancellationToken.None);
        var cap = (long)memoryCapMegabytes * 1024 * 1024;
        try
        {
            while (!exited.IsCompleted)
            {
                await Task.WhenAny(exited, Task.Delay(poll, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                var reason = Resident(process) > cap ? $"it used more than {memoryCapMegabytes} MB of memory"
                    : watch.Elapsed > timeout ? $"it ran longer than {timeout.TotalSeconds:0} s"
                    : null;
                if (reason is not null)
                {
                    Kill(process);
                    await exited;
                    return reason;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        return null;
    }

    /// <summary>
    /// Kills the worker, with its children unless <paramref name="entireTree"/> is false (a worker known to start none is
    /// killed alone: killing a tree scans /proc); a process already gone is fine.
    /// </summary>
    public static void Kill(Process? process, bool entireTree = true)
    {
        try
        {
            process?.Kill(entireTree);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Stops a child process that may still run (a server, nginx) and waits until it is gone.</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            Kill(process);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Makes <paramref name="info"/> start its worker in Linux's idle scheduling class (SCHED_IDLE), set at exec through
    /// util-linux's <c>chrt --idle 0</c> so that every thread has it: the worker then runs only on cores nothing else
    /// wants. False, with <paramref name="info"/> unchanged, where that is not possible (not Linux, no <c>chrt</c>).
    /// </summary>
    public static bool TryStartIdle(ProcessStartInfo info)
    {
        if (!OperatingSystem.IsLinux() || Chrt is not { } chrt)
        {
            return false;
        }

        info.ArgumentList.Insert(0, info.FileName);
        info.ArgumentList.Insert(0, "0");
        info.ArgumentList.Insert(0, "--idle");
        info.FileName = chrt;
        return true;
    }

    /// <summary>Lowers a started worker below normal priority (nice 10 on Linux); a worker gone already, or a platform that
    /// refuses, keeps its priority.</summary>
    public static void Lower(Process process)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It runs at normal priority.
        }
    }

    private static readonly string? Chrt = new[] { "/usr/bin/chrt", "/bin/chrt" }.FirstOrDefault(File.Exists);

    /// <summary>
    /// Whether a process with id <paramref name="pid"/> runs: files named after the process that made them (scratch
    /// folders, warm-up models) are swept once it is gone.
    /// </summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The last <paramref name="max"/> characters a worker writes on <paramref name="reader"/> (its stderr): enough to
    /// say why it failed, bounded however much a crashing native library prints.
    /// </summary>
    public static async Task<string> ReadTailAsync(StreamReader reader, int max)
    {
        var buffer = new char[8192];
        var tail = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > max)
            {
                tail.Remove(0, tail.Length - max);
            }
        }

        return tail.ToString();
    }

    /// <summary>The dotnet host running us (tests run under it too), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    private static long Resident(Process process)
    {
        try
        {
            process.Refresh();
            return process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }
}
