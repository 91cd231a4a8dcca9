using System.Net;
using ModelHub.Contracts;
using ModelHub.Contracts.Validation;
using ModelHub.Contracts.Versions;

namespace ModelHub.Client;

public sealed partial class ModelHubClient
{
    private static readonly TimeSpan ValidationPoll = TimeSpan.FromMilliseconds(250);
    private const int ValidationWaitSeconds = 20;
    private static readonly TimeSpan ValidationDeadline = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Pushes a version: hashes the files locally, skips blobs the server already has, uploads the rest (large ones in
    /// resumable sessions, retried with backoff), creates the version and, for models, waits for validation.
    /// </summary>
    public async Task<PushResult> PushAsync(PushRequest push, IProgress<TransferProgress>? progress = null, bool waitForValidation = true,
        CancellationToken cancellationToken = default)
    {
        var entries = new List<FileEntry>();
        long uploaded = 0;
        var skipped = 0;
        foreach (var (path, local) in push.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var size = new System.IO.FileInfo(local).Length;
            var digest = await Hashing.FileDigestAsync(local, null, cancellationToken);
            if (await IsOnServerAsync(digest, cancellationToken))
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

            entries.Add(new FileEntry(path, digest, size, ContentType: null));
        }

        await CreateOrMatchVersionAsync(push, entries, cancellationToken);
        var version = await GetVersionAsync(push.Repository, push.Version, push.Kind, cancellationToken);
        var deadline = DateTime.UtcNow + ValidationDeadline;
        while (waitForValidation && version.State == VersionStates.Validating && DateTime.UtcNow < deadline)
        {
            // The server holds the answer until the verdict (or the wait) ends; one that does not answers at once, so a
            // pause keeps an older server from being polled in a tight loop.
            var asked = DateTime.UtcNow;
            version = await GetJsonAsync<VersionDetail>(
                $"{ApiPaths.Version(push.Kind, push.Repository, push.Version)}?wait={ValidationWaitSeconds}", cancellationToken);
            if (version.State == VersionStates.Validating && DateTime.UtcNow - asked < ValidationPoll)
            {
                await Task.Delay(ValidationPoll, cancellationToken);
            }
        }

        return new PushResult(version.State, version.Validation?.Reason, uploaded, skipped, version);
    }

    /// <summary>Creates the version; the same files under the same tag is an unchanged re-push, different files a conflict.</summary>
    private async Task CreateOrMatchVersionAsync(PushRequest push, List<FileEntry> files, CancellationToken cancellationToken)
    {
        var smoke = SmokeFor(push);
        var variants = push.Variants?
            .Select(v => new VariantEntry(
                v.Name, v.File, v.Precision, v.Reference, v.Providers?.ToList(), v.MinMemoryMb, v.Quality))
            .ToList();
        var request = new CreateVersionRequest(
            push.Version, push.Notes, files, variants, smoke, push.Tolerance, push.Datasets?.ToList(), push.Limits);
        try
        {
            await CreateVersionAsync(push.Repository, request, push.Kind, cancellationToken);
        }
        catch (ModelHubException e) when (e.Code == ErrorCodes.VersionExists)
        {
            var existing = await GetVersionAsync(push.Repository, push.Version, push.Kind, cancellationToken);
            var same = existing.Files.Select(f => (f.Path, f.Digest)).OrderBy(f => f.Path, StringComparer.Ordinal)
                .SequenceEqual(files.Select(f => (f.Path!, f.Digest!)).OrderBy(f => f.Item1, StringComparer.Ordinal));
            if (!same)
            {
                throw;
            }
        }
    }

    /// <summary>Only a 200 means "already there"; anything else is uploaded, and the upload reports a real refusal with its code.</summary>
    private async Task<bool> IsOnServerAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await HeadBlobAsync(digest, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static SmokeSettings? SmokeFor(PushRequest push)
    {
        if (push.Smoke is null && push.SmokeValues is null && push.SmokeDims is null)
        {
            return null;
        }

        var basis = push.Smoke ?? SmokeSettings.None;
        var shorthand = new SmokeScope(push.SmokeDims, push.SmokeValues?.ToDictionary(h => h.Key, h => new SmokeHint(Values: h.Value)));
        var top = new SmokeScope(basis.Dims, basis.Inputs).Overlay(shorthand);
        return basis with
        {
            Dims = top.Dims is { Count: > 0 } ? top.Dims : null,
            Inputs = top.Inputs is { Count: > 0 } ? top.Inputs : null,
        };
    }
}
