namespace ModelHub.Core.Storage;

/// <summary>
/// Object storage for blob bytes and upload staging. Keys are relative, '/'-separated
/// (see <see cref="BlobKeys"/>). Implementations stream: they never buffer a whole object in memory.
/// </summary>
public interface IBlobStore
{
    /// <summary>The size in bytes of the object at <paramref name="key"/>, or null when it does not exist.</summary>
    Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies <paramref name="length"/> bytes (all remaining bytes when null) starting at
    /// <paramref name="offset"/> of the object at <paramref name="key"/> to <paramref name="destination"/>.
    /// Throws <see cref="BlobNotFoundException"/> when the object does not exist.
    /// </summary>
    Task CopyToAsync(string key, long offset, long? length, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="key"/> atomically: the object becomes visible
    /// only once every byte was read from <paramref name="content"/> without an exception. When reading
    /// throws (a dropped client, a digest check failing at the end of the stream) nothing is stored and the
    /// exception propagates. An existing object at the key is replaced. <paramref name="length"/> is the
    /// exact number of bytes when known, else null.
    /// </summary>
    Task PutAsync(string key, Stream content, long? length, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// A short-lived URL from which a client can GET the object directly, or null when the store
    /// cannot hand out such URLs (the filesystem store).
    /// </summary>
    Task<Uri?> GetPresignedReadUrlAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);

    /// <summary>
    /// A folder on the same volume as the objects, where <see cref="TryLinkLocal"/> can place them; null for remote stores.
    /// </summary>
    string? LocalScratchRoot => null;

    /// <summary>
    /// Gives the object a second name at <paramref name="target"/> (a hard link: no copy, a real file there) for
    /// readers that need files side by side. False when the store cannot; the caller then copies. Callers must only read it.
    /// </summary>
    bool TryLinkLocal(string key, string target) => false;

    /// <summary>Checks the store can be reached (used by the readiness health check).</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken = default);
}
