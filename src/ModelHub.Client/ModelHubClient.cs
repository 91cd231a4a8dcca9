using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelHub.Contracts;
using ModelHub.Contracts.Manifests;

namespace ModelHub.Client;

/// <summary>
/// The ModelHub SDK: resolves device-aware manifests, downloads the chosen tier into a verified local cache (resuming
/// across restarts, never twice), pushes versions without re-sending blobs the server has, and manages repositories,
/// versions, channels and tokens with typed calls.
/// </summary>
public sealed partial class ModelHubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ModelHubClientOptions _options;
    private readonly ManifestVerifier _verifier;

    public ModelHubClient(ModelHubClientOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        _http = new HttpClient(handler ?? new HttpClientHandler(), disposeHandler: handler is null)
        {
            BaseAddress = options.BaseAddress ?? throw new ArgumentException("BaseAddress is required.", nameof(options)),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (options.Token is { Length: > 0 } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        Cache = new ModelCache(options.CacheDirectory ?? ModelCache.DefaultRoot);
        _verifier = new ManifestVerifier(_http, Cache, options);
    }

    public ModelCache Cache { get; }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// The manifest for <paramref name="reference"/> on <paramref name="device"/>, verified; from cache when the server says 304.
    /// </summary>
    public async Task<Manifest> ResolveAsync(
        ModelReference reference, DeviceProfile device, CancellationToken cancellationToken = default) =>
        (await ResolveWithStateAsync(reference, device, cancellationToken)).Manifest;

    /// <summary>Downloads what the manifest names (skipping cached blobs) and returns the local paths.</summary>
    public async Task<LocalModel> GetModelAsync(
        ModelReference reference, DeviceProfile device, IProgress<TransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var (manifest, stale) = await ResolveWithStateAsync(reference, device, cancellationToken);
        var downloader = new Downloader(_http, Cache, _options.Retries, _options.VerifyCachedFiles);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        long transferred = 0;
        foreach (var file in manifest.AllFiles)
        {
            if (stale && !await Cache.IsIntactAsync(file.Digest, file.Size, _options.VerifyCachedFiles, cancellationToken))
            {
                throw new HttpRequestException($"The server cannot be reached and {file.Path} is not in the cache.");
            }

            transferred += await downloader.FetchAsync(file, progress, cancellationToken);
        }

        // Only verified blobs get here; the snapshot gives them their names.
        var snapshot = Cache.SnapshotFolder(_http.BaseAddress!, reference.Repository, manifest.Version, manifest.Variant.Name);
        foreach (var file in manifest.AllFiles)
        {
            var target = Path.Combine(snapshot, file.Path.Replace('/', Path.DirectorySeparatorChar));
            Cache.Link(file.Digest, target);
            files[file.Path] = target;
        }

        return new LocalModel(manifest, files, stale, transferred);
    }

    private async Task<(Manifest Manifest, bool Stale)> ResolveWithStateAsync(
        ModelReference reference, DeviceProfile device, CancellationToken cancellationToken)
    {
        var query = device.ToQuery();
        var refPath = Cache.RefPath(_http.BaseAddress!, reference, query);
        var stored = File.Exists(refPath) ? JsonSerializer.Deserialize<StoredManifest>(File.ReadAllText(refPath), Json) : null;
        var path = $"{ApiPaths.Manifest(reference.Repository)}?{reference.Query}{(query.Length > 0 ? "&" + query : "")}";
        var asked = new ManifestRequest(reference.Repository,
            reference.Version is null ? reference.Channel ?? ModelReference.DefaultChannel : null, reference.Version, device.Describe());
        // A kept manifest past its time is not revalidated: a 304 would only confirm what may be a replay.
        var revalidate = stored is not null && ManifestVerifier.IsFresh(Parse(stored.Body), _options);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (revalidate)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", stored!.ETag);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException) when (stored is not null)
        {
            // Offline: the last verified manifest, flagged as possibly stale.
            return (Parse(stored.Body), true);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotModified && revalidate)
            {
                return (Parse(stored!.Body), false);
            }

            await EnsureSuccessAsync(response, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync();
            var signature = response.Headers.TryGetValues(ApiHeaders.Signature, out var values) ? values.First() : null;
            await _verifier.VerifyAsync(body, signature, cancellationToken);
            var manifest = Parse(Encoding.UTF8.GetString(body));
            _verifier.CheckAnswers(manifest, asked);
            var etag = response.Headers.ETag?.ToString() ?? "";
            ModelCache.WriteAtomically(refPath, JsonSerializer.Serialize(new StoredManifest(etag, Encoding.UTF8.GetString(body)), Json));
            return (manifest, false);
        }
    }

    private static Manifest Parse(string body) =>
        JsonSerializer.Deserialize<Manifest>(body, Json) ?? throw new IntegrityException("The manifest is empty.");

    private sealed record StoredManifest(string ETag, string Body);
}
