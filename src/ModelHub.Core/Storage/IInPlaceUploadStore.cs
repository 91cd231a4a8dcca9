namespace ModelHub.Core.Storage;

/// <summary>
/// A store in which an upload session can keep one staging object and write each chunk at its offset, then make the
/// verified object a blob by renaming it: the session's bytes are written once, not staged and then rewritten
/// (the filesystem). Stores without it keep one object per chunk and assemble them at completion (S3).
/// </summary>
public interface IInPlaceUploadStore
{
    /// <summary>
    /// Writes <paramref name="content"/> into the object at <paramref name="key"/> from <paramref name="offset"/> on,
    /// creating the object when missing. Bytes beyond what the caller has committed are garbage that the next write at
    /// that offset replaces; the caller keeps the committed length and serialises writes to one object.
    /// </summary>
    Task WriteAtAsync(string key, long offset, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cuts the object at <paramref name="sourceKey"/> to <paramref name="length"/> bytes and moves it to <paramref name="key"/>
    /// in one step.
    /// </summary>
    Task PromoteAsync(string sourceKey, long length, string key, CancellationToken cancellationToken = default);
}
