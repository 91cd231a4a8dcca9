namespace ModelHub.Benchmarks;

/// <summary>The process's peak resident set (VmHWM), resettable on Linux by writing 5 to /proc/self/clear_refs.</summary>
public static class PeakRss
{
    public static void Reset()
    {
        GC.Collect();
        File.WriteAllText("/proc/self/clear_refs", "5");
    }

    public static double Megabytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
