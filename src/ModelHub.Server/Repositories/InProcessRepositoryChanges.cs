using System.Collections.Immutable;

namespace ModelHub.Server.Repositories;

/// <summary>Repository changes within one server: subscribers are called at once, on the thread that raised the change.</summary>
public sealed class InProcessRepositoryChanges(ILogger<InProcessRepositoryChanges> logger) : IRepositoryChanges
{
    private ImmutableArray<Action<RepositoryChange>> _subscribers = [];

    public void Changed(RepositoryChange change)
    {
        foreach (var subscriber in _subscribers)
        {
            try
            {
                subscriber(change);
            }
            catch (Exception e)
            {
                // The change is committed; a subscriber that fails must not turn the write into an error.
                logger.LogError(e, "A subscriber failed on a change of repository {RepositoryId}", change.RepositoryId);
            }
        }
    }

    public IDisposable Subscribe(Action<RepositoryChange> onChanged)
    {
        ImmutableInterlocked.Update(ref _subscribers, s => s.Add(onChanged));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, s => s.Remove(onChanged)));
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
