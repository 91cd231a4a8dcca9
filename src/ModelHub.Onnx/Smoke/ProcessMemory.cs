using System.Globalization;

namespace ModelHub.Onnx.Smoke;

/// <summary>A process's resident memory and its high-water mark, from /proc on Linux, from .NET elsewhere.</summary>
public static class ProcessMemory
{
    /// <summary>Resident bytes of this process now (from /proc/self/statm: cheap enough to sample every few ms).</summary>
    public static long Resident()
    {
        try
        {
            // "size resident shared text lib data dt", in pages.
            var statm = File.ReadAllText("/proc/self/statm");
            var start = statm.IndexOf(' ', StringComparison.Ordinal) + 1;
            var end = statm.IndexOf(' ', start);
            return long.Parse(statm.AsSpan(start, end - start), CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return Environment.WorkingSet;
        }
    }

    /// <summary>The most this process has held resident since it started or since the mark was last reset.</summary>
    public static long HighWaterMark() => Read("self", "VmHWM:") ?? Environment.WorkingSet;

    /// <summary>(resident now, high-water mark) of another process, or null when it cannot be read (gone, not Linux).</summary>
    public static (long Resident, long HighWaterMark)? Of(int processId)
    {
        var id = processId.ToString(CultureInfo.InvariantCulture);
        return Read(id, "VmRSS:") is { } resident && Read(id, "VmHWM:") is { } peak ? (resident, peak) : null;
    }

    /// <summary>Resets this process's high-water mark to its resident set; false when the kernel does not allow it.</summary>
    public static bool TryResetHighWaterMark()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // Older kernels accept the write but keep the mark.
        return HighWaterMark() <= Resident() + (1 << 20);
    }

    private static long? Read(string process, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    // "VmRSS:	  123456 kB"
                    var parts = line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // Not Linux, or the process is gone.
        }

        return null;
    }
}
