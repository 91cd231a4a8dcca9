using Microsoft.Extensions.Options;
using ModelHub.Core.Digests;
using ModelHub.Core.Storage;

namespace ModelHub.Core.Tests.Storage;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelhub-fs-tests", Guid.NewGuid().ToString("N"));
    private readonly FileSystemBlobStore _store;

    public FileSystemBlobStoreTests() =>
        _store = new FileSystemBlobStore(Options.Create(new FileSystemStorageOptions { Path = _root }));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Put_then_ranged_copy_returns_the_slice()
    {
        var data = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        await _store.PutAsync("blobs/x", new MemoryStream(data), data.Length);
        var slice = new MemoryStream();

        await _store.CopyToAsync("blobs/x", 1000, 20, slice);

        Assert.Equal(data[1000..1020], slice.ToArray());
        Assert.Equal(5000, await _store.GetSizeAsync("blobs/x"));
    }

    [Fact]
    public async Task Failed_write_leaves_nothing_visible_and_no_temporary_file()
    {
        var data = new byte[3000];
        var wrong = Sha256Digest.Compute([42]);

        await Assert.ThrowsAsync<DigestMismatchException>(() =>
            _store.PutAsync("blobs/y", new DigestVerifyingStream(new MemoryStream(data), wrong, data.Length), data.Length));

        Assert.Null(await _store.GetSizeAsync("blobs/y"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "uploads", ".tmp")));
    }

    [Fact]
    public async Task Writes_in_place_overwrite_and_promotion_cuts_to_the_committed_length()
    {
        await _store.WriteAtAsync("uploads/s/data", 0, new MemoryStream([1, 2, 3, 4]));
        await _store.WriteAtAsync("uploads/s/data", 4, new MemoryStream([9, 9, 9, 9, 9, 9]));
        await _store.WriteAtAsync("uploads/s/data", 4, new MemoryStream([5, 6]));

        await _store.PromoteAsync("uploads/s/data", 6, "blobs/z");
        var promoted = new MemoryStream();
        await _store.CopyToAsync("blobs/z", 0, null, promoted);

        Assert.Equal([1, 2, 3, 4, 5, 6], promoted.ToArray());
        Assert.Null(await _store.GetSizeAsync("uploads/s/data"));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => _store.PromoteAsync("uploads/s/data", 6, "blobs/z2"));
    }

    [Fact]
    public async Task Missing_object_throws_blob_not_found() =>
        await Assert.ThrowsAsync<BlobNotFoundException>(() => _store.CopyToAsync("blobs/none", 0, null, Stream.Null));

    [Fact]
    public async Task Keys_cannot_escape_the_root() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetSizeAsync("../../etc/passwd"));
}
