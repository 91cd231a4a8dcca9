using System.Diagnostics;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Versions;

/// <summary>
/// A version read that waits for the verdict (<c>GET …/versions/{v}?wait=N</c>): while the version validates, the answer
/// is held up to N seconds, so a client pushing learns the verdict the moment it is saved instead of polling. This
/// server's change notice for the repository wakes the reader at once; a verdict saved by another process (a worker-role
/// server) is seen by reading again every second.
/// </summary>
public sealed class ValidationWait : IDisposable
{
    public const int MaxSeconds = 60;
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _signal = new(0);
    private readonly IDisposable _subscription;
    private readonly TimeSpan _wait;
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>
    /// Starts listening for changes to the repository; made before the version's first read, so a verdict saved between
    /// that read and the wait is not missed.
    /// </summary>
    public ValidationWait(IRepositoryChanges changes, long repositoryId, int seconds)
    {
        _wait = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, MaxSeconds));
        _subscription = changes.Subscribe(change =>
        {
            if (change.RepositoryId == repositoryId)
            {
                _signal.Release();
            }
        });
    }

    /// <summary>
    /// Waits until the repository changes or a second passes; false once the reader's time is up, when the version must be
    /// answered as it is. The caller reads the version again after each true.
    /// </summary>
    public async Task<bool> NextAsync(CancellationToken cancellationToken)
    {
        var left = _wait - Stopwatch.GetElapsedTime(_started);
        if (left <= TimeSpan.Zero)
        {
            return false;
        }

        await _signal.WaitAsync(left < Recheck ? left : Recheck, cancellationToken);
        return true;
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _signal.Dispose();
    }
}
