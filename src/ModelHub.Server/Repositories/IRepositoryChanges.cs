namespace ModelHub.Server.Repositories;

/// <summary>
/// "This repository changed": the feature services raise it once a change is committed (repository created, updated or
/// deleted, version created, validated or deleted, channel moved), and whatever keeps a copy of a repository's state
/// (the manifest cache) subscribes instead of every writer having to know it. The in-process implementation tells this
/// server; one that crosses replicas (PostgreSQL LISTEN/NOTIFY) would send each notice to every server and deliver it
/// to the same subscribers, with no change in the callers.
/// </summary>
public interface IRepositoryChanges
{
    /// <summary>
    /// Tells the subscribers; called after the change is committed, never before. It does not block on the network: an
    /// implementation that crosses replicas sends in the background.
    /// </summary>
    void Changed(RepositoryChange change);

    /// <summary>Calls <paramref name="onChanged"/> for every change until the returned subscription is disposed.</summary>
    IDisposable Subscribe(Action<RepositoryChange> onChanged);
}
