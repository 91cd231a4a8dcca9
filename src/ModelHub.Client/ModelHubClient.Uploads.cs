using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ModelHub.Contracts;

namespace ModelHub.Client;

/// <summary>Blob uploads: one PUT for small files, resumable OCI-style sessions for large ones.</summary>
public sealed partial class ModelHubClient
{
    private const int FileBuffer = 1 << 20;

    private async Task<long> PutBlobAsync(
        string path, string local, string digest, long size, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var file = OpenRead(local);
                using var content = new StreamContent(file, FileBuffer);
                content.Headers.ContentLength = size;
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var response = await _http.PutAsync(ApiPaths.Blob(digest), content, cancellationToken);
                await EnsureSuccessAsync(response, cancellationToken);
                progress?.Report(new TransferProgress(path, size, size));
                return size;
            }
            catch (Exception e) when (attempt < _options.Retries && e is HttpRequestException or IOException
                && !cancellationToken.IsCancellationRequested)
            {
                await Backoff(attempt, cancellationToken);
            }
        }
    }

    private async Task<long> SessionUploadAsync(
        string path, string local, string digest, long size, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        // A session an earlier process left unfinished is continued from the server's offset.
        var statePath = Cache.UploadStatePath(_http.BaseAddress!, digest);
        string? location = null;
        var offset = 0L;
        if (File.Exists(statePath))
        {
            location = File.ReadAllText(statePath).Trim();
            try
            {
                offset = await UploadOffsetAsync(location, cancellationToken);
            }
            catch (ModelHubException e) when (e.Status is 404 or 410)
            {
                location = null;
            }
        }

        if (location is null)
        {
            location = (await SendForLocationAsync(cancellationToken)).ToString();
            ModelCache.WriteAtomically(statePath, location);
        }

        var buffer = new byte[_options.ChunkSize];
        long sent = 0;
        using var file = OpenRead(local);
        for (var attempt = 0; offset < size;)
        {
            try
            {
                file.Position = offset;
                var count = (int)Math.Min(buffer.Length, size - offset);
                var read = 0;
                while (read < count)
                {
                    read += await file.ReadAsync(buffer.AsMemory(read, count - read), cancellationToken);
                }

                using var content = new ByteArrayContent(buffer, 0, count);
                content.Headers.TryAddWithoutValidation(ApiHeaders.ContentRange, $"{offset}-{offset + count - 1}");
                using var chunk = new HttpRequestMessage(Patch, location) { Content = content };
                using var response = await _http.SendAsync(chunk, cancellationToken);
                await EnsureSuccessAsync(response, cancellationToken);
                offset += count;
                sent += count;
                attempt = 0;
                progress?.Report(new TransferProgress(path, offset, size));
            }
            catch (Exception e) when (attempt < _options.Retries
                && e is HttpRequestException or IOException or ModelHubException { Code: ErrorCodes.UploadOffsetMismatch }
                && !cancellationToken.IsCancellationRequested)
            {
                // Ask the server where the session stands and continue from there.
                await Backoff(attempt++, cancellationToken);
                offset = await UploadOffsetAsync(location, cancellationToken);
            }
        }

        using var done = await _http.PutAsync($"{location}?digest={Uri.EscapeDataString(digest)}", null, cancellationToken);
        if (done.StatusCode == HttpStatusCode.BadRequest)
        {
            // The session's bytes do not hash to the digest (the file changed while uploading?): start over next time.
            File.Delete(statePath);
        }

        await EnsureSuccessAsync(done, cancellationToken);
        File.Delete(statePath);
        return sent;
    }

    private async Task<Uri> SendForLocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(ApiPaths.Uploads, null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return response.Headers.Location
            ?? throw new ModelHubException(500, "no_location", "The server opened an upload session without a Location.");
    }

    private async Task<long> UploadOffsetAsync(string location, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(location, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return long.Parse(response.Headers.GetValues(ApiHeaders.UploadOffset).First(), CultureInfo.InvariantCulture);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBuffer, FileOptions.Asynchronous);

    private static Task Backoff(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, Math.Min(attempt, 6))), cancellationToken);
}
