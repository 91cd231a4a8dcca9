namespace ModelHub.Datasets.Tables;

/// <summary>Recognises tables by file extension (case-insensitive; CSV, TSV and JSONL may be gzipped).</summary>
public static class TableFormats
{
    private static readonly (string Extension, TableFormat Format)[] Extensions =
    [
        (".csv", TableFormat.Csv), (".csv.gz", TableFormat.Csv),
        (".tsv", TableFormat.Tsv), (".tsv.gz", TableFormat.Tsv),
        (".jsonl", TableFormat.JsonLines), (".jsonl.gz", TableFormat.JsonLines),
        (".ndjson", TableFormat.JsonLines), (".ndjson.gz", TableFormat.JsonLines),
        (".parquet", TableFormat.Parquet),
    ];

    /// <summary>The format of a file path, or null when the path is not a table.</summary>
    public static TableFormat? Detect(string path)
    {
        foreach (var (extension, format) in Extensions)
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>Whether the engine treats the file as a table.</summary>
    public static bool IsTable(string path) => Detect(path) is not null;

    /// <summary>The format's name on the wire: <c>csv</c>, <c>tsv</c>, <c>jsonl</c>, <c>parquet</c>.</summary>
    public static string Name(TableFormat format) => format switch
    {
        TableFormat.Csv => "csv",
        TableFormat.Tsv => "tsv",
        TableFormat.JsonLines => "jsonl",
        _ => "parquet",
    };
}
