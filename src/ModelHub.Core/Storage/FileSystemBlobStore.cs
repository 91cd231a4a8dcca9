using Microsoft.Extensions.Options;

namespace ModelHub.Core.Storage;

/// <summary>
/// The embedded default store: objects are files under a root folder. Writes go to a temporary file
/// beside the target and are renamed into place only when the content stream ended without error.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore, IInPlaceUploadStore, IStagingSweeper
{
    private const int BufferSize = 1 << 20;
    private readonly string _root;

    public FileSystemBlobStore(IOptions<FileSystemStorageOptions> options)
    {
        _root = System.IO.Path.GetFullPath(options.Value.Path);
        // Private models live here: readable by the server's user only, also when the folder predates that rule.
        OwnerOnlyFiles.CreateFolder(_root);
    }

    public Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathFor(key));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    public async Task CopyToAsync(string key, long offset, long? length, Stream destination, CancellationToken cancellationToken = default)
    {
        FileStream source;
        try
        {
            source = new FileStream(PathFor(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(key);
        }

        await using (source)
        {
            source.Seek(offset, SeekOrigin.Begin);
            var remaining = length ?? Math.Max(0, source.Length - offset);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                while (remaining > 0)
                {
                    var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                    if (read == 0)
                    {
                        throw new EndOfStreamException($"'{key}' ended {remaining} bytes early.");
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    remaining -= read;
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public async Task PutAsync(string key, Stream content, long? length, CancellationToken cancellationToken = default)
    {
        var target = PathFor(key);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var temporary = System.IO.Path.Combine(TemporaryFolder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(temporary)!);
        try
        {
            await using (var file = new FileStream(
                temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                // Nothing is reserved ahead of the bytes: a declared length is a claim, not something received.
                await content.CopyToAsync(file, BufferSize, cancellationToken);
                file.SetLength(file.Position);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public async Task WriteAtAsync(string key, long offset, Stream content, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await using var file = new FileStream(
            path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous);
        file.Seek(offset, SeekOrigin.Begin);
        await content.CopyToAsync(file, BufferSize, cancellationToken);
    }

    public Task PromoteAsync(string sourceKey, long length, string key, CancellationToken cancellationToken = default)
    {
        var source = PathFor(sourceKey);
        var target = PathFor(key);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        try
        {
            using (var file = new FileStream(source, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete))
            {
                file.SetLength(length);
            }

            File.Move(source, target, overwrite: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(sourceKey);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(PathFor(key));
        return Task.CompletedTask;
    }

    public Task<Uri?> GetPresignedReadUrlAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default) =>
        Task.FromResult<Uri?>(null);

    public string? LocalScratchRoot => System.IO.Path.Combine(_root, "scratch");

    public bool TryLinkLocal(string key, string target) => File.Exists(PathFor(key)) && HardLink.TryCreate(PathFor(key), target);

    public Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"The storage folder '{_root}' is missing.");
        }

        return Task.CompletedTask;
    }

    private string UploadsFolder => System.IO.Path.Combine(_root, "uploads");

    private string TemporaryFolder => System.IO.Path.Combine(UploadsFolder, ".tmp");

    public int DeleteTemporaryFiles(DateTimeOffset untouchedSince)
    {
        if (!Directory.Exists(TemporaryFolder))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in new DirectoryInfo(TemporaryFolder).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < untouchedSince.UtcDateTime)
            {
                file.Delete();
                deleted++;
            }
        }

        return deleted;
    }

    public IReadOnlyList<Guid> StagedSessions(DateTimeOffset untouchedSince)
    {
        if (!Directory.Exists(UploadsFolder))
        {
            return [];
        }

        // A session's folder changes when its staging file is written, so its newest entry says when it was last used.
        return new DirectoryInfo(UploadsFolder).EnumerateDirectories()
            .Where(d => Guid.TryParseExact(d.Name, "N", out _))
            .Where(d => d.EnumerateFileSystemInfos().Select(e => e.LastWriteTimeUtc).Append(d.LastWriteTimeUtc).Max()
                < untouchedSince.UtcDateTime)
            .Select(d => Guid.ParseExact(d.Name, "N"))
            .ToList();
    }

    public void DeleteStagedSession(Guid sessionId)
    {
        var folder = System.IO.Path.Combine(UploadsFolder, sessionId.ToString("N"));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string PathFor(string key)
    {
        // Keys are built by BlobKeys, but the guard keeps any future caller inside the root.
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(_root, key));
        if (!path.StartsWith(_root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' escapes the storage root.", nameof(key));
        }

        return path;
    }
}
