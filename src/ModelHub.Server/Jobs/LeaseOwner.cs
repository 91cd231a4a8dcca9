using System.Diagnostics;
using System.Globalization;

namespace ModelHub.Server.Jobs;

/// <summary>
/// Who holds the lease on a queued job: <c>{machine}:{process id}:{process start, unix ms}:{instance}</c>. A server that
/// starts again on the same machine (a service restarted, a container restarted in place) tells the leases of its dead
/// predecessors from those of live servers by asking whether their process still runs, and releases them at once
/// instead of leaving their versions waiting for the lease to run out. Leases of other machines are never judged.
/// </summary>
public sealed record LeaseOwner(string Machine, int ProcessId, long? StartedAt, string Instance)
{
    /// <summary>A process whose start differs by more than this from the one recorded is another process with a reused id.</summary>
    private const long StartTolerance = 1_000;

    /// <summary>This process, as a new holder (one per queue service instance).</summary>
    public static LeaseOwner ThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return new(Environment.MachineName, Environment.ProcessId, new DateTimeOffset(self.StartTime).ToUnixTimeMilliseconds(),
            Guid.NewGuid().ToString("N"));
    }

    public override string ToString() =>
        $"{Machine}:{ProcessId.ToString(CultureInfo.InvariantCulture)}:{StartedAt?.ToString(CultureInfo.InvariantCulture)}:{Instance}";

    /// <summary>The holder <paramref name="text"/> names (also the older <c>{machine}:{pid}:{instance}</c> form), or null.</summary>
    public static LeaseOwner? Parse(string? text)
    {
        var parts = text?.Split(':');
        return parts switch
        {
            [var machine, var pid, var instance] when int.TryParse(pid, CultureInfo.InvariantCulture, out var id) =>
                new(machine, id, null, instance),
            [var machine, var pid, var started, var instance] when int.TryParse(pid, CultureInfo.InvariantCulture, out var id)
                && long.TryParse(started, CultureInfo.InvariantCulture, out var start) => new(machine, id, start, instance),
            _ => null,
        };
    }

    /// <summary>
    /// True when this holder was a server on <paramref name="self"/>'s machine whose process no longer runs: its process
    /// id is free, or taken by a process that started at another time (ids are reused; a container restarted in place
    /// has the same id as before). <paramref name="startOfRunning"/> gives a running process's start (unix ms), null when
    /// no process has that id.
    /// </summary>
    public bool IsDeadPredecessorOf(LeaseOwner self, Func<int, long?> startOfRunning)
    {
        if (Machine != self.Machine || Instance == self.Instance)
        {
            return false;
        }

        return startOfRunning(ProcessId) is not { } running
            || (StartedAt is { } started && Math.Abs(running - started) > StartTolerance);
    }

    /// <summary>When the process <paramref name="processId"/> started (unix ms), or null when none runs.</summary>
    public static long? StartOfRunningProcess(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited ? null : new DateTimeOffset(process.StartTime).ToUnixTimeMilliseconds();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
