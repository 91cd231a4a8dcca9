using System.Runtime.InteropServices;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// Measures what one model takes from this process's resident memory (see <see cref="MemoryUse"/>): one long-lived
/// thread samples the resident set every 2 ms while a probe is running, and calls <c>overCap</c> once, at once, when a
/// sample passes the cap, so the launcher can stop the worker without waiting for its own, slower poll.
/// </summary>
public sealed partial class MemoryProbe : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(2);
    private static readonly Lock Gate = new();
    private static readonly AutoResetEvent Wake = new(false);
    private static MemoryProbe? _active;
    private static Thread? _sampler;
    private static bool _prepared;

    private readonly long _baseline;
    private readonly bool _highWaterMark;
    private readonly long _capBytes;
    private readonly Action<MemoryUse>? _overCap;
    private long _peak;
    private long _loaded;
    private bool _reported;

    private MemoryProbe(long capBytes, Action<MemoryUse>? overCap)
    {
        // Give back what earlier files freed, so it is neither counted in the baseline nor silently reused by this one. The
        // first probe after Prepare has nothing to give back but the request's few objects: its full collection is skipped.
        if (!Interlocked.Exchange(ref _prepared, false))
        {
            Settle();
        }

        _baseline = ProcessMemory.Resident();
        _highWaterMark = ProcessMemory.TryResetHighWaterMark();
        _peak = _baseline;
        (_capBytes, _overCap) = (capBytes, overCap);
        lock (Gate)
        {
            _active = this;
            _sampler ??= StartSampler();
        }

        Wake.Set();
    }

    /// <summary>Starts measuring; <paramref name="overCap"/> gets the measurement once the resident set passes the cap.</summary>
    public static MemoryProbe Start(long capBytes = long.MaxValue, Action<MemoryUse>? overCap = null) => new(capBytes, overCap);

    /// <summary>
    /// Collects garbage, returns freed native memory and starts the sampling thread: what a probe does first, done ahead
    /// by a worker waiting for its request, so the first file does not pay for the warm-up's leftovers.
    /// </summary>
    public static void Prepare()
    {
        Settle();
        _prepared = true;
        lock (Gate)
        {
            _sampler ??= StartSampler();
        }
    }

    /// <summary>Call when the session exists: its resident size above the baseline is the loaded model.</summary>
    public void MarkLoaded() => _loaded = Math.Max(0, ProcessMemory.Resident() - _baseline);

    /// <summary>A measurement as of a resident reading of <paramref name="residentBytes"/>, for a report sent before the end.</summary>
    public MemoryUse At(long residentBytes) => new(Math.Max(0, residentBytes - _baseline), _loaded, _baseline,
        _highWaterMark ? MemoryUse.SampledWithHighWaterMark : MemoryUse.Sampled);

    public MemoryUse Stop()
    {
        Detach();
        var peak = Math.Max(Interlocked.Read(ref _peak), ProcessMemory.Resident());
        if (_highWaterMark)
        {
            peak = Math.Max(peak, ProcessMemory.HighWaterMark());
        }

        return At(peak);
    }

    public void Dispose() => Detach();

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

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        TrimNativeHeap();
    }

    private void Detach()
    {
        lock (Gate)
        {
            if (ReferenceEquals(_active, this))
            {
                _active = null;
            }
        }
    }

    private static Thread StartSampler()
    {
        var thread = new Thread(SampleForever) { IsBackground = true, Name = "memory-probe" };
        thread.Start();
        return thread;
    }

    private static void SampleForever()
    {
        while (true)
        {
            MemoryProbe? probe;
            lock (Gate)
            {
                probe = _active;
            }

            if (probe is null)
            {
                Wake.WaitOne();
                continue;
            }

            probe.Sample();
            Wake.WaitOne(Interval);
        }
    }

    private void Sample()
    {
        var now = ProcessMemory.Resident();
        if (now > Interlocked.Read(ref _peak))
        {
            Interlocked.Exchange(ref _peak, now);
        }

        if (_reported || now <= _capBytes || _overCap is not { } report)
        {
            return;
        }

        _reported = true;
        try
        {
            report(At(now));
        }
        catch (IOException)
        {
            // The launcher has gone; it kills this process anyway. An exception here would end it less tidily.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
