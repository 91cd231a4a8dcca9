namespace ModelHub.Server.Validation;

/// <summary>Wakes the validation workers when a job is queued, so they need not wait for their next poll.</summary>
public sealed class ValidationSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Notify() => _signal.Release();

    /// <summary>Waits for a notification or the poll interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken) => _signal.WaitAsync(poll, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
