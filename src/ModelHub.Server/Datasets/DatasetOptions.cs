using System.ComponentModel.DataAnnotations;

namespace ModelHub.Server.Datasets;

/// <summary>How this server indexes, reads and edits dataset tables (<c>ModelHub:Datasets</c>).</summary>
public sealed class DatasetOptions
{
    public const string Section = "ModelHub:Datasets";

    /// <summary>Whether this server runs table-indexing and thumbnail jobs (a replica may leave them to others).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Dataset jobs run at once (each in its own worker process).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 1;

    /// <summary>Wall-clock limit of one worker call (indexing a table, a commit, a batch of thumbnails).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan WorkerTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Resident memory a worker process may use; it is killed above it.</summary>
    [Range(128, 1_048_576)]
    public int WorkerMemoryCapMegabytes { get; set; } = 1024;

    /// <summary>DuckDB's memory limit in a worker, in MiB (it spills to disk beyond).</summary>
    [Range(16, 1_048_576)]
    public int WorkerEngineMemoryMegabytes { get; set; } = 256;

    /// <summary>DuckDB's memory limit for the server's reads of rows and counts (shared by all of them), in MiB: what
    /// keeps the server's resident memory small.</summary>
    [Range(16, 1_048_576)]
    public int ServerEngineMemoryMegabytes { get; set; } = 64;

    /// <summary>Where materialised tables are kept as local files for reading; default: beside the filesystem store's
    /// blobs (so they are hard links, not copies), else in the system temp folder.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Local files of materialised tables kept at most, in MiB; the least recently used go first.</summary>
    [Range(1, 10_485_760)]
    public long CacheMegabytes { get; set; } = 4096;

    /// <summary>Thumbnails fit a square of this many pixels.</summary>
    [Range(16, 1024)]
    public int ThumbnailSize { get; set; } = 256;

    /// <summary>Images larger than this (width × height) get no thumbnail; they are refused before decoding.</summary>
    public long MaxImagePixels { get; set; } = 64_000_000;

    /// <summary>Image files larger than this get no thumbnail.</summary>
    public long MaxImageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The worker assembly; found next to the running application when empty.</summary>
    public string? WorkerPath { get; set; }
}
