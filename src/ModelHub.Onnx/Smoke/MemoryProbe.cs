using System.Runtime.InteropServices;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// Measures what one model takes from this process's resident memory (see <see cref="MemoryUse"/>): a thread samples
/// the resident set every 2 ms from the start until <see cref="Stop"/>, and calls <c>overCap</c> once, at once, when a
/// sample passes the cap, so the launcher can stop the worker without waiting for its own, slower poll.
/// </summary>
public sealed partial class MemoryProbe : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(2);
    private readonly long _baseline;
    private readonly bool _highWaterMark;
    private readonly long _capBytes;
    private readonly Action<MemoryUse>? _overCap;
    private readonly Thread _sampler;
    private readonly ManualResetEventSlim _stop = new();
    private long _peak;
    private long _loaded;

    private MemoryProbe(long capBytes, Action<MemoryUse>? overCap)
    {
        // Give back what earlier files freed, so it is neither counted in the baseline nor silently reused by this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        TrimNativeHeap();
        _baseline = ProcessMemory.Resident();
        _highWaterMark = ProcessMemory.TryResetHighWaterMark();
        _peak = _baseline;
        (_capBytes, _overCap) = (capBytes, overCap);
        _sampler = new Thread(Sample) { IsBackground = true, Name = "memory-probe" };
        _sampler.Start();
    }

    /// <summary>Starts measuring; <paramref name="overCap"/> gets the measurement once the resident set passes the cap.</summary>
    public static MemoryProbe Start(long capBytes = long.MaxValue, Action<MemoryUse>? overCap = null) => new(capBytes, overCap);

    /// <summary>Call when the session exists: its resident size above the baseline is the loaded model.</summary>
    public void MarkLoaded() => _loaded = Math.Max(0, ProcessMemory.Resident() - _baseline);

    /// <summary>A measurement as of a resident reading of <paramref name="residentBytes"/>, for a report sent before the end.</summary>
    public MemoryUse At(long residentBytes) => new(Math.Max(0, residentBytes - _baseline), _loaded, _baseline,
        _highWaterMark ? MemoryUse.SampledWithHighWaterMark : MemoryUse.Sampled);

    public MemoryUse Stop()
    {
        _stop.Set();
        _sampler.Join();
        var peak = Math.Max(Interlocked.Read(ref _peak), ProcessMemory.Resident());
        if (_highWaterMark)
        {
            peak = Math.Max(peak, ProcessMemory.HighWaterMark());
        }

        return At(peak);
    }

    public void Dispose()
    {
        _stop.Set();
        _sampler.Join();
        _stop.Dispose();
    }

    private void Sample()
    {
        var reported = false;
        do
        {
            var now = ProcessMemory.Resident();
            if (now > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, now);
            }

            if (!reported && now > _capBytes && _overCap is { } report)
            {
                reported = true;
                try
                {
                    report(At(now));
                }
                catch (IOException)
                {
                    // The launcher has gone; it kills this process anyway. An exception here would end it less tidily.
                }
            }
        }
        while (!_stop.Wait(Interval));
    }

    /// <summary>Returns the native heap's free memory to the system (glibc's malloc_trim; a no-op elsewhere).</summary>
    public static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0); // 1 when memory was released, 0 when there was none to release: either is fine.
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): freed memory may stay in the baseline.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
