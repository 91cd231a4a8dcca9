namespace ModelHub.Datasets;

/// <summary>Limits of the table engine. Each operation opens its own in-memory DuckDB with these settings.</summary>
public sealed class TableEngineOptions
{
    /// <summary>DuckDB's memory limit per operation, in MiB; past it DuckDB spills to the scratch directory. DuckDB's own
    /// overheads come on top: one operation on a 1M-row table peaked at ~180 MB of process RSS in the datasets benchmark
    /// (64 MiB), against ~290 MB at 100 MiB; the server's share of "RSS ≤ 300 MB" is what sets this default. Reading a
    /// CSV needs ~50 MiB, a JSONL file ~40 MiB (one thread).</summary>
    public int MemoryLimitMb { get; set; } = 64;

    /// <summary>Disk an operation may spill to in its scratch folder, in MiB, before it fails.</summary>
    public int MaxSpillMb { get; set; } = 4096;

    /// <summary>DuckDB threads per operation.</summary>
    public int Threads { get; set; } = 2;

    /// <summary>Operations running at once in one engine; others wait their turn.</summary>
    public int MaxConcurrentOperations { get; set; } = 2;

    /// <summary>Where operations get their private scratch folders (DuckDB's temp files and outputs before they move).
    /// Default: a <c>modelhub-datasets</c> folder in the system temp directory.</summary>
    public string? ScratchDirectory { get; set; }

    /// <summary>Rows per Parquet row group of materialised tables: small groups let an offset read skip the rest.</summary>
    public int RowGroupSize { get; set; } = 8192;

    /// <summary>Columns with at most this many distinct values (and text, boolean or integer) get value counts.</summary>
    public int CategoricalMaxDistinct { get; set; } = 50;

    /// <summary>Value counts kept per categorical column (the most frequent first).</summary>
    public int TopValues { get; set; } = 20;

    /// <summary>Bins of the equi-width histograms of number columns.</summary>
    public int HistogramBins { get; set; } = 20;

    /// <summary>Text in rows is cut to this many characters, and lists or structs whose JSON is longer come back null; either
    /// way the row names the column among its truncated cells.</summary>
    public int MaxCellChars { get; set; } = 10_000;

    /// <summary>Binary values up to this size come back as base64 in rows; larger ones as null (and named truncated).</summary>
    public int MaxInlineBinaryBytes { get; set; } = 64 * 1024;
}
