using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ModelHub.Client;

public sealed partial class ModelHubClient
{
    /// <summary>
    /// Pushes a version: hashes the files locally, skips blobs the server already has, uploads the rest (large ones in
    /// resumable sessions, retried with backoff), creates the version and, for models, waits for validation.
    /// </summary>
    public async Task<PushResult> PushAsync(PushRequest push, IProgress<TransferProgress>? progress = null, bool waitForValidation = true,
        CancellationToken cancellationToken = default)
    {
        var entries = new List<object>();
        long uploaded = 0;
        var skipped = 0;
        foreach (var (path, local) in push.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var size = new FileInfo(local).Length;
            var digest = await Hashing.FileDigestAsync(local, null, cancellationToken);
            if (await HasBlobAsync(digest, cancellationToken))
            {
                skipped++;
                progress?.Report(new TransferProgress(path, size, size, Skipped: true));
            }
            else
            {
                uploaded += size < _options.SessionThreshold
                    ? await PutBlobAsync(path, local, digest, size, progress, cancellationToken)
                    : await SessionUploadAsync(path, local, digest, size, progress, cancellationToken);
            }

            entries.Add(new { path, digest, size });
        }

        var body = new
        {
            version = push.Version,
            notes = push.Notes,
            files = entries,
            datasets = push.Datasets,
            variants = push.Variants?.Select(v => new { name = v.Name, file = v.File, reference = v.Reference, precision = v.Precision, providers = v.Providers }),
            smoke = push.SmokeValues is null && push.SmokeDims is null ? null : new
            {
                dims = push.SmokeDims,
                inputs = push.SmokeValues?.ToDictionary(h => h.Key, h => new { values = h.Value }),
            },
        };
        var versionPath = $"/v1/{push.Kind}/{push.Repository}/versions/{Uri.EscapeDataString(push.Version)}";
        try
        {
            await SendJsonAsync(HttpMethod.Post, $"/v1/{push.Kind}/{push.Repository}/versions", body, cancellationToken);
        }
        catch (ModelHubException e) when (e.Code == "version_exists")
        {
            // The same files under the same tag is an unchanged re-push: nothing to do. Different files is a real conflict.
            var existing = await GetJsonAsync(versionPath, cancellationToken);
            var same = existing.GetProperty("files").EnumerateArray().Select(f => (f.GetProperty("path").GetString(), f.GetProperty("digest").GetString()))
                .OrderBy(f => f.Item1).SequenceEqual(entries.Select(Describe).OrderBy(f => f.Item1));
            if (!same)
            {
                throw;
            }
        }

        var version = await GetJsonAsync(versionPath, cancellationToken);
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (waitForValidation && version.GetProperty("state").GetString() == "validating" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, cancellationToken);
            version = await GetJsonAsync(versionPath, cancellationToken);
        }

        var reason = version.TryGetProperty("validation", out var report) && report.ValueKind == JsonValueKind.Object && report.TryGetProperty("reason", out var r)
            ? r.GetString() : null;
        return new PushResult(version.GetProperty("state").GetString()!, reason, uploaded, skipped, version);
    }

    private static (string?, string?) Describe(object entry)
    {
        var json = JsonSerializer.SerializeToElement(entry, Json);
        return (json.GetProperty("path").GetString(), json.GetProperty("digest").GetString());
    }

    private async Task<bool> HasBlobAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/blobs/{digest}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task<long> PutBlobAsync(string path, string local, string digest, long size, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var file = new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous);
                using var content = new StreamContent(file, 1 << 20);
                content.Headers.ContentLength = size;
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var response = await _http.PutAsync($"/v1/blobs/{digest}", content, cancellationToken);
                await EnsureSuccessAsync(response, cancellationToken);
                progress?.Report(new TransferProgress(path, size, size));
                return size;
            }
            catch (Exception e) when (attempt < _options.Retries && e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                await Backoff(attempt, cancellationToken);
            }
        }
    }

    private async Task<long> SessionUploadAsync(string path, string local, string digest, long size, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
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
        using var file = new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous);
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
                content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + count - 1}");
                using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod("PATCH"), location) { Content = content }, cancellationToken);
                await EnsureSuccessAsync(response, cancellationToken);
                offset += count;
                sent += count;
                attempt = 0;
                progress?.Report(new TransferProgress(path, offset, size));
            }
            catch (Exception e) when (attempt < _options.Retries && e is HttpRequestException or IOException or ModelHubException { Code: "upload_offset_mismatch" }
                && !cancellationToken.IsCancellationRequested)
            {
                // Ask the server where the session stands and continue from there.
                await Backoff(attempt++, cancellationToken);
                offset = await UploadOffsetAsync(location, cancellationToken);
            }
        }

        using var done = await _http.PutAsync($"{location}?digest={digest}", null, cancellationToken);
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
        using var response = await _http.PostAsync("/v1/uploads", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return response.Headers.Location ?? throw new ModelHubException(500, "no_location", "The server opened an upload session without a Location.");
    }

    private async Task<long> UploadOffsetAsync(string location, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(location, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return long.Parse(response.Headers.GetValues("Upload-Offset").First(), CultureInfo.InvariantCulture);
    }

    private static Task Backoff(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, Math.Min(attempt, 6))), cancellationToken);
}
