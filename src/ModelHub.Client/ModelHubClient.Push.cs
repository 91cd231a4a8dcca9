using System.Net;
using ModelHub.Contracts;
using ModelHub.Contracts.Validation;
using ModelHub.Contracts.Versions;

namespace ModelHub.Client;

public sealed partial class ModelHubClient
{
    private static readonly TimeSpan ValidationPoll = TimeSpan.FromMilliseconds(250);
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
            await Task.Delay(ValidationPoll, cancellationToken);
            version = await GetVersionAsync(push.Repository, push.Version, push.Kind, cancellationToken);
        }

        return new PushResult(version.State, version.Validation?.Reason, uploaded, skipped, version);
    }

    /// <summary>Creates the version; the same files under the same tag is an unchanged re-push, different files a conflict.</summary>
    private async Task CreateOrMatchVersionAsync(PushRequest push, List<FileEntry> files, CancellationToken cancellationToken)
    {
        var smoke = push.SmokeValues is null && push.SmokeDims is null ? null : new SmokeSettings(
            push.SmokeDims, push.SmokeValues?.ToDictionary(h => h.Key, h => new SmokeHint(Values: h.Value)));
        var variants = push.Variants?
            .Select(v => new VariantEntry(
                v.Name, v.File, v.Precision, v.Reference, v.Providers?.ToList(), v.MinMemoryMb, v.Quality))
            .ToList();
        var request = new CreateVersionRequest(push.Version, push.Notes, files, variants, smoke, push.Tolerance, push.Datasets?.ToList());
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
}
