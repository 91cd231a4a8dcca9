using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Storage;

namespace ModelHub.Storage.S3;

/// <summary>
/// Local copies of the objects this server process itself wrote, kept as they streamed through it to S3, so that what
/// the server reads back soon after an upload — ONNX metadata at a version's POST, the files a validation hard-links into
/// its scratch folder — comes from the local disk rather than a second and third download (77 MB from S3 took 0.4–2.8 s
/// per step on a busy machine). A copy is kept only once its upload has completed with every byte, is found by bucket,
/// prefix and key, and the oldest are deleted past the capacity. Other replicas and older objects are simply not cached:
/// the callers then download, as before.
/// </summary>
internal sealed class LocalBlobCache(string root, long capacityBytes, ILogger logger)
{
    private readonly Lock _evicting = new();

    private ILogger Log => logger;

    /// <summary>A cache under the options' folder, or null when it is switched off.</summary>
    public static LocalBlobCache? Create(S3StorageOptions options, ILogger logger)
    {
        if (options.LocalCacheMegabytes <= 0)
        {
            return null;
        }

        var root = options.LocalCachePath is { Length: > 0 } path ? path : Path.Combine(Path.GetTempPath(), "modelhub-s3-cache");
        return new LocalBlobCache(root, options.LocalCacheMegabytes * 1024 * 1024, logger);
    }

    /// <summary>A stream that copies what is read from <paramref name="content"/> to a file, or null when the object is too
    /// large to keep; <see cref="Writing.Commit"/> keeps the file once the upload has succeeded.</summary>
    public Writing? Begin(string name, Stream content, long length)
    {
        if (length <= 0 || length > capacityBytes / 4)
        {
            return null;
        }

        try
        {
            OwnerOnlyFiles.CreateFolder(root);
            var temporary = Path.Combine(root, $"incoming-{Guid.NewGuid():N}");
            return new Writing(this, PathFor(name), temporary, content, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not start a local copy of {Name} in {Folder}", name, root);
            return null;
        }
    }

    /// <summary>Hard-links the local copy of <paramref name="name"/> at <paramref name="target"/>; false when there is none.</summary>
    public bool TryLink(string name, string target)
    {
        var path = PathFor(name);
        if (!File.Exists(path) || !HardLink.TryCreate(path, target))
        {
            return false;
        }

        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // Evicted meanwhile: the link holds the bytes.
        }

        return true;
    }

    public void Remove(string name) => File.Delete(PathFor(name));

    private string PathFor(string name) =>
        Path.Combine(root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..40]);

    private void Keep(string temporary, string path)
    {
        File.Move(temporary, path, overwrite: true);
        lock (_evicting)
        {
            var files = new DirectoryInfo(root).GetFiles().Where(f => !f.Name.StartsWith("incoming-", StringComparison.Ordinal))
                .OrderByDescending(f => f.LastWriteTimeUtc).ToList();
            var total = 0L;
            foreach (var file in files)
            {
                total += file.Length;
                if (total > capacityBytes)
                {
                    file.Delete();
                }
            }
        }
    }

    /// <summary>The content stream of one upload, copied to a file as the upload reads it.</summary>
    public sealed class Writing(LocalBlobCache cache, string path, string temporary, Stream content, long length) : Stream
    {
        private readonly FileStream _file = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        private long _written;
        private bool _failed;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        /// <summary>Keeps the copy when every byte passed through; called once the object is stored.</summary>
        public void Commit()
        {
            _file.Dispose();
            if (!_failed && _written == length)
            {
                try
                {
                    cache.Keep(temporary, path);
                }
                catch (IOException e)
                {
                    cache.Log.LogWarning(e, "Could not keep a local copy in {Path}", path);
                }
            }

            Discard();
        }

        /// <summary>Deletes the partial copy unless <see cref="Commit"/> kept it. Disposing the stream does not: HTTP
        /// handlers dispose the content they sent.</summary>
        public void Discard()
        {
            _file.Dispose();
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = content.Read(buffer);
            Copy(buffer[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await content.ReadAsync(buffer, cancellationToken);
            Copy(buffer.Span[..read]);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Copy(ReadOnlySpan<byte> bytes)
        {
            if (_failed)
            {
                return;
            }

            try
            {
                _file.Write(bytes);
                _written += bytes.Length;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // A full disk (or a stream disposed early) costs the copy, never the upload.
                _failed = true;
            }
        }
    }
}
