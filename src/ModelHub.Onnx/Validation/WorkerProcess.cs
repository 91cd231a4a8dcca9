using System.Diagnostics;
using ModelHub.Isolation;
using ModelHub.Onnx.Smoke;

namespace ModelHub.Onnx.Validation;

/// <summary>Starting and measuring validation worker processes (see <see cref="WorkerProcesses"/> for the rest).</summary>
internal static class WorkerProcess
{
    public const string Assembly = "ModelHub.Onnx.Worker.dll";

    /// <summary>
    /// Starts a worker: it loads ONNX Runtime and waits for a request on stdin. Its managed heap is capped at the server's
    /// maximum (the validation's own cap, which may be lower, is watched from outside, on its whole resident memory).
    /// </summary>
    public static Process Start(OnnxValidatorOptions settings)
    {
        var info = WorkerProcesses.StartInfo(settings.WorkerPath, Assembly, OnnxValidatorOptions.Section,
            (long)settings.MaxMemoryCapMegabytes * 1024 * 1024);
        info.Environment["DOTNET_TieredPGO"] = "0";
        // glibc serves allocations above a threshold with their own mmap; in a fresh process the threshold is 128 KB and
        // only grows as large blocks are freed, so a worker's first (and only) session paid a syscall and fresh zeroed
        // pages for each of ONNX Runtime's mid-size buffers: its session create measured ~40 ms slower than a warm
        // process's. 32 MB is where the dynamic threshold of a warm process ends up. Freed memory stays in the heap;
        // the memory probe returns it to the system between files.
        info.Environment["MALLOC_MMAP_THRESHOLD_"] = "33554432";
        return Process.Start(info) ?? throw new InvalidOperationException("The validation worker did not start.");
    }

    /// <summary>The most the process has held resident (its high-water mark where the OS keeps one), or 0 when it is gone.</summary>
    public static long Peak(Process process)
    {
        if (ProcessMemory.Of(process.Id) is { } memory)
        {
            return Math.Max(memory.Resident, memory.HighWaterMark);
        }

        try
        {
            process.Refresh();
            return Math.Max(process.WorkingSet64, process.PeakWorkingSet64);
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }
}
