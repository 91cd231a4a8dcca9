namespace ModelHub.Client;

public sealed class ModelHubClientOptions
{
    /// <summary>The server, e.g. <c>https://models.example.com</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>A bearer token; anonymous when null (public repositories only).</summary>
    public string? Token { get; set; }

    /// <summary>Where blobs, partial downloads and manifests are kept; <see cref="ModelCache.DefaultRoot"/> when null.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Attempts per transfer after the first, with exponential backoff.</summary>
    public int Retries { get; set; } = 5;

    /// <summary>Files at least this large are uploaded in resumable sessions of <see cref="ChunkSize"/> bytes.</summary>
    public long SessionThreshold { get; set; } = 16 * 1024 * 1024;

    public int ChunkSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The keys that may sign manifests, shipped with the app (several during a key rotation). When set, no other key is
    /// ever trusted; when null, the keys the server lists are trusted on first use and kept in the cache.
    /// </summary>
    public IReadOnlyList<ManifestKey>? ManifestKeys { get; set; }

    /// <summary>How far this device's clock may be off the server's when checking a manifest's issue and expiry times.</summary>
    public TimeSpan ManifestClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The current time, for manifest expiry (a test can move it).</summary>
    public Func<DateTimeOffset> UtcNow { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Re-hash every cached file before handing it out, not only those whose size or time changed.</summary>
    public bool VerifyCachedFiles { get; set; }
}
