using ModelHub.Core.Digests;
using ModelHub.Core.Storage;

namespace ModelHub.Server.Blobs;

/// <summary>
/// A private folder for one job or commit, deleted when disposed: the files a worker reads (blobs lent by a local store
/// as hard links, or copied from a remote one) and writes. On the store's volume when it has one, so links work.
/// </summary>
public sealed class ScratchFolder : IDisposable
{
    private readonly IBlobStore _store;

    /// <param name="store">The store whose blobs the folder receives.</param>
    /// <param name="purpose">The folder's parent under the scratch root: what kind of work uses it.</param>
    public ScratchFolder(IBlobStore store, string purpose = "datasets")
    {
        _store = store;
        Path = System.IO.Path.Combine(
            store.LocalScratchRoot ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modelhub"), purpose,
            Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Places blob <paramref name="digest"/> at <paramref name="name"/> in the folder, for reading only; a name with folders
    /// gets them.
    /// </summary>
    public async Task<string> PlaceAsync(string digest, long size, string name, CancellationToken cancellationToken)
    {
        var target = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        if (!Sha256Digest.TryParse(digest, out var parsed))
        {
            throw new ArgumentException($"'{digest}' is not a digest.", nameof(digest));
        }

        var key = BlobKeys.ForBlob(parsed);
        if (_store.TryLinkLocal(key, target))
        {
            return target;
        }

        await using var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, true);
        if (size > 0)
        {
            await _store.CopyToAsync(key, 0, size, file, cancellationToken);
        }

        return target;
    }

    /// <summary>Writes <paramref name="lines"/> to <paramref name="name"/>, one per line (streamed).</summary>
    public async Task<string> WriteLinesAsync(string name, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var target = File(name);
        await using var writer = new StreamWriter(target);
        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(line);
        }

        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a worker being killed: the folder is named by a GUID and never used again.
        }
    }
}
