namespace ModelHub.Core.Entities;

/// <summary>
/// A blob the server made from another (a table's materialised Parquet copy, its Parquet export, an image's thumbnail),
/// recorded by its source digest and kind so it is made once: the source never changes, so neither does it. A source
/// that could not be turned into one (a crafted image) is recorded with <see cref="Error"/> and no blob, so it is not
/// tried again. Served only through routes that check who may read a version naming the source.
/// </summary>
public sealed class DerivedBlob
{
    /// <summary><c>sha256:&lt;hex&gt;</c> of the bytes it was made from.</summary>
    public required string SourceDigest { get; set; }

    /// <summary>One of <see cref="DerivedKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The derived blob, or null when making it failed.</summary>
    public string? Digest { get; set; }

    public long Size { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
