using System.Security.Cryptography;
using System.Text;
using ModelHub.Datasets.Tables;

namespace ModelHub.Server.Datasets;

/// <summary>Rules about a dataset version's files: which are tables or images, and the fingerprint of its paths.</summary>
public static class TableFiles
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"];
    private static readonly string[] TableExtensions =
        [".csv.gz", ".tsv.gz", ".jsonl.gz", ".ndjson.gz", ".csv", ".tsv", ".jsonl", ".ndjson", ".parquet"];

    public static bool IsTable(string path) => TableFormats.IsTable(path);

    public static bool IsImage(string path) => ImageExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The table's extension as the engine recognises it (<c>.csv.gz</c>, <c>.parquet</c> …), lower case.</summary>
    public static string Extension(string path) =>
        TableExtensions.First(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The path without its table extension: what a table is called across a conversion to Parquet.</summary>
    public static string Stem(string path) => path[..^Extension(path).Length];

    /// <summary>Where a commit writes a table that was edited: the same path for Parquet, else the stem + <c>.parquet</c>.</summary>
    public static string CommittedPath(string path) => Stem(path) + ".parquet";

    /// <summary>A hash of the version's paths (path statistics depend on nothing else).</summary>
    public static string Fingerprint(IEnumerable<string> paths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path + "\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
