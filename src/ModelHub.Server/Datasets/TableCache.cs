using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelHub.Core.Digests;
using ModelHub.Core.Storage;
using ModelHub.Isolation;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Local files of blobs the table engine reads (materialised tables), bounded in size. A store on the local disk lends
/// its files (a hard link: no copy); a remote one (S3) is copied once. Readers hold a <see cref="Lease"/> while they read,
/// and only files no one holds are evicted, least recently used first. Files are named by digest and never change.
/// </summary>
public sealed class TableCache : IDisposable
{
    private readonly IBlobStore _store;
    private readonly long _capacity;
    private readonly string _root;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fetching = new(1, 1);

    public TableCache(IBlobStore store, IOptions<DatasetOptions> options)
    {
        _store = store;
        _capacity = options.Value.CacheMegabytes * 1024 * 1024;
        // A folder per cache: replicas may share a volume, and files of an earlier run are not trusted to be whole.
        var parent = options.Value.CacheDirectory
            ?? Path.Combine(store.LocalScratchRoot ?? Path.Combine(Path.GetTempPath(), "modelhub"), "table-cache");
        _root = Path.Combine(parent, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        DeleteAbandoned(parent);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The folder the cached files are in (a reader may be allowed to read it, and nothing else).</summary>
    public string Root => _root;

    /// <summary>The local file of blob <paramref name="digest"/> (<paramref name="size"/> bytes), held until disposed.</summary>
    public async Task<Lease> AcquireAsync(string digest, long size, string extension, CancellationToken cancellationToken)
    {
        if (!Sha256Digest.TryParse(digest, out var parsed))
        {
            throw new ArgumentException($"'{digest}' is not a digest.", nameof(digest));
        }

        var path = Path.Combine(_root, parsed.Hex + extension);
        Entry entry;
        while (true)
        {
            entry = _entries.GetOrAdd(path, p => new Entry(p, size));
            Interlocked.Increment(ref entry.Readers);
            // Evicted between the lookup and the count: take the new entry.
            if (_entries.TryGetValue(path, out var current) && ReferenceEquals(current, entry))
            {
                break;
            }

            Interlocked.Decrement(ref entry.Readers);
        }

        try
        {
            if (!entry.Ready)
            {
                await FetchAsync(parsed, entry, cancellationToken);
            }

            entry.LastUsed = Environment.TickCount64;
            return new Lease(path, () => Interlocked.Decrement(ref entry.Readers));
        }
        catch
        {
            Interlocked.Decrement(ref entry.Readers);
            throw;
        }
    }

    public void Dispose()
    {
        _fetching.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing read: a server starting after this process has ended clears it.
        }
    }

    /// <summary>Deletes the folders of caches whose process has ended (a crash leaves its folder behind).</summary>
    private static void DeleteAbandoned(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(parent))
        {
            var name = Path.GetFileName(folder);
            if (int.TryParse(name.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture, out var pid) && !WorkerProcesses.IsRunning(pid))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // Being deleted by another starting server.
                }
            }
        }
    }

    private async Task FetchAsync(Sha256Digest digest, Entry entry, CancellationToken cancellationToken)
    {
        // One fetch at a time: a cold cache is filled in order, and the same file is never fetched twice at once.
        await _fetching.WaitAsync(cancellationToken);
        try
        {
            if (entry.Ready)
            {
                return;
            }

            Evict(entry.Size);
            var key = BlobKeys.ForBlob(digest);
            File.Delete(entry.Path);
            if (!_store.TryLinkLocal(key, entry.Path))
            {
                var partial = entry.Path + ".part";
                await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, true))
                {
                    await _store.CopyToAsync(key, 0, entry.Size, file, cancellationToken);
                }

                File.Move(partial, entry.Path, overwrite: true);
            }

            entry.Ready = true;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private void Evict(long needed)
    {
        var used = _entries.Values.Where(e => e.Ready).Sum(e => e.Size);
        foreach (var old in _entries.Values.Where(e => e.Ready && e.Readers == 0).OrderBy(e => e.LastUsed))
        {
            if (used + needed <= _capacity)
            {
                return;
            }

            if (_entries.TryRemove(new KeyValuePair<string, Entry>(old.Path, old)))
            {
                File.Delete(old.Path);
                used -= old.Size;
            }
        }
    }

    /// <summary>A local file held for reading; disposing it lets the cache evict the file.</summary>
    public sealed class Lease(string path, Action release) : IDisposable
    {
        private int _released;

        public string Path { get; } = path;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                release();
            }
        }
    }

    private sealed class Entry(string path, long size)
    {
        public readonly string Path = path;
        public readonly long Size = size;
        public int Readers;
        public volatile bool Ready;
        public long LastUsed;
    }
}
