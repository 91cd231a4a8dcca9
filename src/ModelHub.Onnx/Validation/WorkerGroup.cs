using System.Diagnostics;
using ModelHub.Contracts.Validation;
using ModelHub.Isolation;
using ModelHub.Onnx.Smoke;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// The workers of one split validation, held to the version's memory cap together: while two or more are running a
/// model and their resident memory adds up past the cap, the one started last is stopped (<see cref="Member.Deferred"/>)
/// and runs again once it is alone. A file's verdict thus depends on its own peak only, never on what ran beside it.
/// </summary>
internal sealed class WorkerGroup(AppliedLimits limits)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private readonly Lock _gate = new();
    private readonly List<Member> _members = [];
    private long _started;

    public Member Join(Task<bool> referenceReady)
    {
        lock (_gate)
        {
            var member = new Member(this, referenceReady, ++_started);
            _members.Add(member);
            return member;
        }
    }

    /// <summary>Watches the members' memory until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        var capBytes = (long)limits.MemoryCapMegabytes * 1024 * 1024;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Poll, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<(Member Member, long Resident)> running;
            lock (_gate)
            {
                running = [.. _members.Where(m => m.IsRunningModel).Select(m => (m, m.Resident()))];
            }

            if (running.Count > 1 && running.Sum(r => r.Resident) > capBytes)
            {
                running.MaxBy(r => r.Member.Order).Member.Defer();
            }
        }
    }

    /// <summary>Waits until no other member runs a model: a deferred file then runs again alone.</summary>
    public async Task WaitAloneAsync(Member member, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_members.Any(m => m != member && m.IsRunningModel))
                {
                    return;
                }
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private void Leave(Member member)
    {
        lock (_gate)
        {
            _members.Remove(member);
        }
    }

    /// <summary>One worker of the group, from its start to its report.</summary>
    public sealed class Member(WorkerGroup group, Task<bool> referenceReady, long order) : IDisposable
    {
        private Process? _process;
        private WorkerProgress? _progress;

        public Task<bool> ReferenceReady { get; } = referenceReady;

        public long Order { get; } = order;

        /// <summary>Stopped because the group passed the cap: its report does not count, it runs again alone.</summary>
        public bool Deferred { get; private set; }

        /// <summary>Started, not finished, and not a tier waiting for its reference (which holds no model).</summary>
        public bool IsRunningModel
        {
            get
            {
                try
                {
                    return _process is { HasExited: false } && _progress is { Waiting: false };
                }
                catch (InvalidOperationException)
                {
                    return false; // Its process object is already released: it has finished.
                }
            }
        }

        public void Started(Process process, WorkerProgress progress) => (_process, _progress) = (process, progress);

        public long Resident()
        {
            try
            {
                return _process is { } process && ProcessMemory.Of(process.Id) is { } memory ? memory.Resident : 0;
            }
            catch (InvalidOperationException)
            {
                return 0;
            }
        }

        public void Defer()
        {
            Deferred = true;
            WorkerProcesses.Kill(_process, entireTree: false);
        }

        public void Dispose() => group.Leave(this);
    }
}
