namespace ModelHub.Core.Entities;

/// <summary>The kinds of <see cref="DerivedBlob"/>. Stored as text: a change in how one is made takes a new name.</summary>
public static class DerivedKinds
{
    /// <summary>A table's materialised Parquet copy (hidden row number first, small zstd row groups).</summary>
    public const string MaterialisedTable = "table-v1";

    /// <summary>A table as plain Parquet (its columns only), for downloads.</summary>
    public const string ParquetExport = "parquet-export-v1";

    /// <summary>An image scaled to fit 256×256 pixels, as WebP.</summary>
    public const string Thumbnail = "thumbnail-256-v1";
}
