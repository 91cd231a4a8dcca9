using System.Net;
using System.Net.Http.Headers;
using ModelHub.Contracts.Manifests;

namespace ModelHub.Client;

/// <summary>Downloads one file into the cache: resumes a partial file with Range and If-Range, verifies sha256 before use.</summary>
internal sealed class Downloader(HttpClient http, ModelCache cache, int retries, bool rehash)
{
    private const int BufferSize = 1 << 20;

    /// <summary>The number of bytes transferred (0 when the blob was already cached).</summary>
    public async Task<long> FetchAsync(ManifestFile file, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        if (await cache.IsIntactAsync(file.Digest, file.Size, rehash, cancellationToken))
        {
            progress?.Report(new TransferProgress(file.Path, file.Size, file.Size, Skipped: true));
            return 0;
        }

        long transferred = 0;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await FetchOnceAsync(file, progress, read => transferred += read, cancellationToken);
                break;
            }
            catch (Exception e) when (attempt < retries && e is HttpRequestException or IOException
                && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt)), cancellationToken);
            }
        }

        await VerifyAndPromoteAsync(file, cancellationToken);
        return transferred;
    }

    /// <summary>One attempt; <paramref name="received"/> counts every byte as it arrives, also in an attempt that fails.</summary>
    private async Task FetchOnceAsync(
        ManifestFile file, IProgress<TransferProgress>? progress, Action<long> received, CancellationToken cancellationToken)
    {
        var partial = cache.PartialPath(file.Digest);
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        var offset = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (offset > file.Size)
        {
            File.Delete(partial);
            offset = 0;
        }

        if (offset == file.Size)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, file.Url);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            // Only continue if the server still has the same bytes; otherwise it sends them all.
            request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue($"\"{file.Digest}\""));
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ModelHubClient.EnsureSuccessAsync(response, cancellationToken);
        if (response.StatusCode != HttpStatusCode.PartialContent)
        {
            offset = 0;
        }

        long transferred = 0;
        using var body = await response.Content.ReadAsStreamAsync();
        var mode = offset == 0 ? FileMode.Create : FileMode.Append;
        using (var target = new FileStream(partial, mode, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
        {
            var buffer = new byte[BufferSize];
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
            {
                // Written straight through, so a killed process keeps what it received.
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await target.FlushAsync(cancellationToken);
                transferred += read;
                received(read);
                progress?.Report(new TransferProgress(file.Path, offset + transferred, file.Size));
            }
        }

        if (offset + transferred < file.Size)
        {
            throw new IOException($"The download of {file.Path} ended at {offset + transferred} of {file.Size} bytes.");
        }
    }

    private async Task VerifyAndPromoteAsync(ManifestFile file, CancellationToken cancellationToken)
    {
        var partial = cache.PartialPath(file.Digest);
        var actual = await Hashing.FileDigestAsync(partial, null, cancellationToken);
        if (actual != file.Digest)
        {
            File.Delete(partial);
            throw new IntegrityException($"{file.Path} hashes to {actual}, not {file.Digest}: the download was discarded.");
        }

        cache.Promote(partial, file.Digest);
    }
}
