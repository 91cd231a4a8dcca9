namespace ModelHub.Datasets.Tables;

/// <summary>A table file format the engine reads.</summary>
public enum TableFormat
{
    Csv,
    Tsv,
    JsonLines,
    Parquet,
}
