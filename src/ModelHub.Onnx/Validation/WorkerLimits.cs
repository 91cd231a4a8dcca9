using System.Diagnostics;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

/// <summary>Whether a worker has passed its memory cap or its time, and the reason to give once it is stopped.</summary>
internal static class WorkerLimits
{
    /// <summary>A worker still starting (ONNX Runtime loading, its warm-up) has this long to take the request up.</summary>
    public static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    public sealed record Breach(bool Memory, long PeakBytes, bool Started = true);

    /// <summary>
    /// The memory peak is the largest of the worker's resident set and high-water mark read now and the peaks its own
    /// 2 ms sampler reported per file. Time counts from the moment the worker took the request up (its first line): a
    /// worker started on demand, on a busy machine, may take seconds to load ONNX Runtime, which is not the model's time;
    /// until then <see cref="StartLimit"/> applies, counted on <paramref name="watch"/>.
    /// </summary>
    public static Breach? Check(Process process, WorkerProgress progress, AppliedLimits limits, Stopwatch watch)
    {
        var capBytes = (long)limits.MemoryCapMegabytes * 1024 * 1024;
        var peak = Math.Max(WorkerProcess.Peak(process), progress.LargestPeak?.Bytes ?? 0);
        if (peak > capBytes)
        {
            return new Breach(Memory: true, peak);
        }

        return progress.SinceTaken is { } running
            ? running.TotalSeconds > limits.TimeoutSeconds ? new Breach(Memory: false, peak) : null
            : watch.Elapsed > StartLimit ? new Breach(Memory: false, peak, Started: false) : null;
    }

    /// <summary>
    /// The reason and the file to blame, decided after the worker is dead and every line it wrote has been read: the
    /// worker announces a file before loading it, so the file running is known even when the launcher's poll saw the
    /// memory before its reader saw that line.
    /// </summary>
    public static (string Reason, string? Culprit) Explain(Breach breach, WorkerProgress progress, AppliedLimits limits)
    {
        var running = progress.Running;
        if (!breach.Started)
        {
            return ($"the validation worker did not start within {StartLimit.TotalSeconds:0} s (the machine may be overloaded)", null);
        }

        if (!breach.Memory)
        {
            return ($"validation killed after {limits.TimeoutSeconds:0.#} s{While(running)} ({AppliedLimits.TimeoutSetting})", running);
        }

        var capBytes = (long)limits.MemoryCapMegabytes * 1024 * 1024;
        var (culprit, peak) = progress.LargestPeak is { } measured && measured.Bytes > capBytes
            ? (measured.Path, Math.Max(measured.Bytes, breach.PeakBytes))
            : (running, breach.PeakBytes);
        var advice = limits.MemoryCapMegabytes < limits.MaxMemoryCapMegabytes
            ? $"the version may ask for up to {limits.MaxMemoryCapMegabytes} MB with {AppliedLimits.RequestField}"
            : $"{limits.MaxMemoryCapMegabytes} MB is this server's maximum ({AppliedLimits.MaxMemorySetting})";
        return ($"validation exceeded memory cap {limits.MemoryCapMegabytes} MB{While(culprit)} (peak {peak / (1024 * 1024)} MB): {advice}",
            culprit);
    }

    public static string While(string? path) => path is null ? "" : $" while running `{path}`";
}
