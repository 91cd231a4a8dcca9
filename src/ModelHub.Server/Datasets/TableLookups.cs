using System.Collections.Concurrent;
using ModelHub.Contracts.Datasets;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Indexed tables of published versions as last read from the database, with their parsed summaries, so a page of rows
/// costs no query beyond the repository scope's. A repository's entries are forgotten on any change to it (a version
/// deleted, a table indexed), as the manifest cache's are.
/// </summary>
public sealed class TableLookups : IDisposable
{
    private readonly ConcurrentDictionary<(long Repository, string Version, string Path), Entry> _entries = new();
    private readonly IDisposable _subscription;

    public TableLookups(IRepositoryChanges changes) => _subscription = changes.Subscribe(change =>
    {
        foreach (var key in _entries.Keys.Where(k => k.Repository == change.RepositoryId))
        {
            _entries.TryRemove(key, out _);
        }
    });

    public bool TryGet(long repository, string version, string path, out Entry entry) =>
        _entries.TryGetValue((repository, version, path), out entry!);

    public Entry Remember(long repository, string version, TableLookup lookup)
    {
        var entry = new Entry(lookup, VersionTables.ReadSummary(lookup.Table!.Summary)!);
        _entries[(repository, version, lookup.Table.Path)] = entry;
        return entry;
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>A found table and its summary.</summary>
    public sealed record Entry(TableLookup Lookup, TableSummary Summary);
}
