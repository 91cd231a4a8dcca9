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
}
