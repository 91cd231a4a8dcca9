using System.Net;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;
using ModelHub.Core.Storage;

namespace ModelHub.Storage.S3;

/// <summary>
/// Blobs in an S3-compatible bucket (MinIO in production). Writes stream to a presigned URL in one PUT (objects
/// over <see cref="S3StorageOptions.MultipartThresholdBytes"/> go through the Minio SDK's multipart upload); an
/// object only appears when its upload completes, so a content stream that throws leaves nothing behind.
/// Reads use presigned URLs with HTTP ranges.
/// </summary>
public sealed class S3BlobStore(
    IMinioClient minio, IHttpClientFactory httpClients, IOptions<S3StorageOptions> options, ILogger<S3BlobStore> logger)
    : IBlobStore, IDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly S3StorageOptions _options = options.Value;
    private readonly LocalBlobCache? _cache = LocalBlobCache.Create(options.Value, logger);
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private bool _bucketReady;

    public void Dispose() => _bucketGate.Dispose();

    public async Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureBucketAsync(cancellationToken);
        try
        {
            var stat = await minio.StatObjectAsync(
                new StatObjectArgs().WithBucket(_options.Bucket).WithObject(ObjectName(key)), cancellationToken);
            return stat.Size;
        }
        catch (Exception e) when (e is ObjectNotFoundException or BucketNotFoundException)
        {
            return null;
        }
    }

    public async Task CopyToAsync(string key, long offset, long? length, Stream destination, CancellationToken cancellationToken = default)
    {
        if (length == 0)
        {
            // No range can say "no bytes": only the object's existence is left to check.
            _ = await GetSizeAsync(key, cancellationToken) ?? throw new BlobNotFoundException(key);
            return;
        }

        // Ranged GetObject in Minio 7.0.0 throws PartialContentException; a presigned URL with a Range header does not.
        // See: https://github.com/minio/minio-dotnet/issues/1342
        var url = await GetPresignedReadUrlAsync(key, TimeSpan.FromMinutes(5), cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (offset > 0 || length is not null)
        {
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(offset, length is { } n ? offset + n - 1 : null);
        }

        using var response = await httpClients.CreateClient(S3ServiceCollectionExtensions.HttpClientName)
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BlobNotFoundException(key);
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        // Some S3-compatible servers (s3rver for "bytes=0-0") answer a range with the whole object: slice it here.
        var skip = response.StatusCode == HttpStatusCode.PartialContent ? 0 : offset;
        await BoundedCopy.CopyAsync(body, destination, skip, length, cancellationToken);
    }

    public async Task PutAsync(string key, Stream content, long? length, CancellationToken cancellationToken = default)
    {
        await EnsureBucketAsync(cancellationToken);
        if (length is null)
        {
            await PutUnknownLengthAsync(key, content, cancellationToken);
            return;
        }

        // A local copy as the bytes pass, kept once the object is stored: see LocalBlobCache.
        var copy = _cache?.Begin(CacheName(key), content, length.Value);
        try
        {
            await PutKnownLengthAsync(key, (Stream?)copy ?? content, length.Value, cancellationToken);
            copy?.Commit();
        }
        finally
        {
            copy?.Discard();
        }
    }

    /// <summary>Hard-links this server's local copy of the object (see <see cref="LocalBlobCache"/>); false when it has none.</summary>
    public bool TryLinkLocal(string key, string target) => _cache?.TryLink(CacheName(key), target) == true;

    private string CacheName(string key) => $"{_options.Bucket}/{ObjectName(key)}";

    private async Task PutKnownLengthAsync(string key, Stream content, long length, CancellationToken cancellationToken)
    {
        try
        {
            if (length > SmallObjectBytes && length <= _options.MultipartThresholdBytes)
            {
                await PutStreamingAsync(key, content, length, cancellationToken);
                return;
            }

            var args = new PutObjectArgs().WithBucket(_options.Bucket).WithObject(ObjectName(key))
                .WithStreamData(content).WithObjectSize(length).WithContentType("application/octet-stream");
            await minio.PutObjectAsync(args, cancellationToken);
        }
        catch (Exception e) when (FindContentFailure(e) is { } original && original != e)
        {
            // The SDK may wrap what the content stream threw (a digest mismatch, a dropped client): callers need the original.
            ExceptionDispatchInfo.Capture(original).Throw();
        }
    }

    /// <summary>Objects up to this size go through the SDK in one request (it holds them in memory, which is small here).</summary>
    private const long SmallObjectBytes = 8 * 1024 * 1024;

    /// <summary>
    /// One PUT to a presigned URL with the body streamed as it arrives (the SDK's PutObject reads every part into a
    /// fresh array first: the server's memory grew by ~200 MB per large upload). The PUT goes to a staging key and is
    /// copied to <paramref name="key"/> inside the S3 server only once every byte was read without an exception: some
    /// S3-compatible servers keep the bytes of a request that was cut short, so the PUT itself cannot be the commit.
    /// </summary>
    private async Task PutStreamingAsync(string key, Stream content, long length, CancellationToken cancellationToken)
    {
        // No '/' in the name: s3rver (the test server) does not decode %2F in x-amz-copy-source as S3 does.
        var staging = $"uploads-put-{Guid.NewGuid():N}";
        try
        {
            var url = await minio.PresignedPutObjectAsync(new PresignedPutObjectArgs()
                .WithBucket(_options.Bucket).WithObject(ObjectName(staging)).WithExpiry(3600));
            // Not disposed here: that would dispose the caller's stream, which the caller still owns.
            var body = new StreamContent(content, 1 << 16);
            body.Headers.ContentLength = length;
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = body };
            using (var response = await httpClients.CreateClient(S3ServiceCollectionExtensions.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                if (!response.IsSuccessStatusCode)
                {
                    var detail = await response.Content.ReadAsStringAsync(cancellationToken);
                    var refusal = $"S3 refused the upload of {key}: {(int)response.StatusCode} {detail[..Math.Min(detail.Length, 500)]}";
                    throw new HttpRequestException(refusal, null, response.StatusCode);
                }
            }

            var source = new CopySourceObjectArgs().WithBucket(_options.Bucket).WithObject(ObjectName(staging));
            var copy = new CopyObjectArgs().WithBucket(_options.Bucket).WithObject(ObjectName(key)).WithCopyObjectSource(source);
            await minio.CopyObjectAsync(copy, cancellationToken);
        }
        finally
        {
            try
            {
                await DeleteAsync(staging, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not delete the staging object {Key}", staging);
            }
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        _cache?.Remove(CacheName(key));
        await EnsureBucketAsync(cancellationToken);
        await minio.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_options.Bucket).WithObject(ObjectName(key)), cancellationToken);
    }

    public async Task<Uri?> GetPresignedReadUrlAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        await EnsureBucketAsync(cancellationToken);
        var url = await minio.PresignedGetObjectAsync(new PresignedGetObjectArgs()
            .WithBucket(_options.Bucket).WithObject(ObjectName(key)).WithExpiry((int)Math.Clamp(expiry.TotalSeconds, 1, 604_800)));
        return new Uri(url);
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        _bucketReady = false;
        await EnsureBucketAsync(cancellationToken);
    }

    /// <summary>Spools a stream of unknown length to a local temporary file, so the upload has a length and memory stays bounded.</summary>
    private async Task PutUnknownLengthAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var spool = Path.Combine(Path.GetTempPath(), $"modelhub-s3-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(
                spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken);
            }

            await using var read = new FileStream(
                spool, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await PutAsync(key, read, read.Length, cancellationToken);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady)
        {
            return;
        }

        await _bucketGate.WaitAsync(cancellationToken);
        try
        {
            if (_bucketReady)
            {
                return;
            }

            var exists = await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(_options.Bucket), cancellationToken);
            if (!exists)
            {
                if (!_options.CreateBucket)
                {
                    throw new InvalidOperationException($"The bucket '{_options.Bucket}' does not exist and CreateBucket is off.");
                }

                logger.LogInformation("Creating bucket {Bucket}", _options.Bucket);
                await minio.MakeBucketAsync(
                    new MakeBucketArgs().WithBucket(_options.Bucket).WithLocation(_options.Region), cancellationToken);
            }

            _bucketReady = true;
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    private string ObjectName(string key) => string.IsNullOrEmpty(_options.Prefix) ? key : $"{_options.Prefix.TrimEnd('/')}/{key}";

    private static Exception? FindContentFailure(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is DigestMismatchException or IOException or OperationCanceledException
                || current.GetType().Name == "BadHttpRequestException")
            {
                return current;
            }
        }

        return null;
    }
}
