using ModelHub.Datasets.Engine;

namespace ModelHub.Datasets.Tables;

/// <summary>
/// Writes a table as a materialised Parquet file: the row number first (the hidden column of offset reads), then the
/// table's columns, in small zstd row groups. The output is deterministic for the same input and DuckDB version
/// (insertion order is preserved and the writer stamps no time), so re-indexing yields the same derived blob.
/// </summary>
internal static class Materializer
{
    public static async Task<TableSource> WriteAsync(
        DuckSession session, TableSource source, string output, int rowGroupSize, CancellationToken cancellationToken)
    {
        var row = Sql.Identifier(Sql.RowColumn);
        await DuckErrors.TableAsync(() => session.ExecuteAsync(
            $"""
            COPY (SELECT CAST(row_number() OVER () - 1 AS BIGINT) AS {row}, {source.ColumnList} FROM {source.Reader})
            TO {Sql.Literal(output)} ({Options(rowGroupSize)})
            """,
            cancellationToken), source.Path);
        return source with { Path = output, Format = TableFormat.Parquet, Materialised = true };
    }

    /// <summary>Parquet writer options of materialised tables: zstd at level 1 writes about as fast as snappy (~40% faster
    /// than zstd's default level here) and still compresses better.</summary>
    public static string Options(int rowGroupSize) =>
        $"FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE {rowGroupSize}";

    /// <summary>Writes the table's columns only (no row number) as Parquet for people to download.</summary>
    public static Task ExportAsync(DuckSession session, TableSource source, string output, CancellationToken cancellationToken) =>
        DuckErrors.TableAsync(() => session.ExecuteAsync(
            $"COPY (SELECT {source.ColumnList} FROM {source.Reader}) TO {Sql.Literal(output)} (FORMAT parquet, COMPRESSION zstd)",
            cancellationToken), source.Path);
}
