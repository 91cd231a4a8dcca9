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
/// Blobs in an S3-compatible bucket (MinIO in production). Writes stream through the Minio SDK, which sends
/// large objects as multipart uploads with bounded part buffers; an object only appears when its upload
/// completes, so a content stream that throws leaves nothing behind. Reads use presigned URLs with HTTP ranges.
/// </summary>
public sealed class S3BlobStore(IMinioClient minio, IHttpClientFactory httpClients, IOptions<S3StorageOptions> options, ILogger<S3BlobStore> logger) : IBlobStore
{
    private const int BufferSize = 1 << 20;
    private readonly S3StorageOptions _options = options.Value;
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private bool _bucketReady;

    public async Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureBucketAsync(cancellationToken);
        try
        {
            var stat = await minio.StatObjectAsync(new StatObjectArgs().WithBucket(_options.Bucket).WithObject(ObjectName(key)), cancellationToken);
            return stat.Size;
        }
        catch (Exception e) when (e is ObjectNotFoundException or BucketNotFoundException)
        {
            return null;
        }
    }

    public async Task CopyToAsync(string key, long offset, long? length, Stream destination, CancellationToken cancellationToken = default)
    {
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

        var args = new PutObjectArgs().WithBucket(_options.Bucket).WithObject(ObjectName(key))
            .WithStreamData(content).WithObjectSize(length.Value).WithContentType("application/octet-stream");
        try
        {
            await minio.PutObjectAsync(args, cancellationToken);
        }
        catch (Exception e) when (FindContentFailure(e) is { } original && original != e)
        {
            // The SDK may wrap what the content stream threw (a digest mismatch, a dropped client): callers need the original.
            ExceptionDispatchInfo.Capture(original).Throw();
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
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
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken);
            }

            await using var read = new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
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
                await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(_options.Bucket).WithLocation(_options.Region), cancellationToken);
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
