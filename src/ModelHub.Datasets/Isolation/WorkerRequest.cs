namespace ModelHub.Datasets.Isolation;

/// <summary>
/// One operation for the isolated datasets worker (<c>ModelHub.Datasets.Worker</c>), sent as JSON on its stdin: every
/// path is a local file the server prepared. <see cref="WorkerOperations.Index"/> reads <see cref="Source"/> and writes its
/// materialised copy to <see cref="Output"/>; <see cref="WorkerOperations.Inspect"/> reads a materialised
/// <see cref="Source"/> only; <see cref="WorkerOperations.Commit"/> applies <see cref="Upserts"/> and the keys listed one
/// per line in <see cref="Deletes"/> to <see cref="Source"/> by <see cref="Key"/>, writes the new materialised table to
/// <see cref="Output"/> and its plain Parquet to <see cref="Export"/>; <see cref="WorkerOperations.Thumbnails"/> scales
/// each of <see cref="Images"/>; <see cref="WorkerOperations.Compare"/> compares <see cref="Source"/> (base) with
/// <see cref="Head"/>; <see cref="WorkerOperations.Export"/> writes <see cref="Source"/> as plain Parquet to
/// <see cref="Export"/>. <see cref="FilesList"/> names a file of the version's paths, one per line.
/// </summary>
public sealed record WorkerRequest(
    string Operation,
    string ScratchDirectory,
    int MemoryLimitMb,
    string? Source = null,
    string? Output = null,
    string? FilesList = null,
    string? Key = null,
    string? Upserts = null,
    string? Deletes = null,
    string? Export = null,
    IReadOnlyList<ThumbnailItem>? Images = null,
    ThumbnailLimits? Limits = null,
    string? Head = null,
    CompareWork? Compare = null);

/// <summary>What a compare asks beyond its two tables: the key and label columns, and the page of row changes.</summary>
public sealed record CompareWork(string? Key, string? Label, long Offset, int Length, string? Change);

/// <summary>An image to scale: read <paramref name="Input"/>, write the thumbnail to <paramref name="Output"/>.</summary>
public sealed record ThumbnailItem(string Input, string Output);

/// <summary>How large a thumbnail is (its longer side) and which images are refused before decoding.</summary>
public sealed record ThumbnailLimits(int Size, long MaxPixels, long MaxBytes);

/// <summary>The names of <see cref="WorkerRequest.Operation"/>.</summary>
public static class WorkerOperations
{
    public const string Index = "index";
    public const string Inspect = "inspect";
    public const string Commit = "commit";
    public const string Thumbnails = "thumbnails";
    public const string Compare = "compare";
    public const string Export = "export";
}
