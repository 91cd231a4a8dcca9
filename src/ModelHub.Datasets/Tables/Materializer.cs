using DuckDB.NET.Data;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;

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
        // DuckDB guesses CSV types from a sample (a full-file sample overruns the memory limit): a value past the sample
        // that does not fit its column's guess fails the read. Such a column is read again as text, a few times at most.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await CopyAsync(session, source, output, rowGroupSize, cancellationToken);
                return source with { Path = output, Format = TableFormat.Parquet, Materialised = true, TextColumns = [] };
            }
            catch (DuckDBException e) when (attempt < MaxTextRetries && MisguessedColumn(e, source) is { } column)
            {
                source = await TableSource.OpenAsync(session, source.Path, cancellationToken, [.. source.TextColumns, column]);
            }
            catch (DuckDBException e)
            {
                throw new TableInvalidException(DuckErrors.Describe(e, source.Path), e);
            }
        }
    }

    /// <summary>Parquet writer options of materialised tables: zstd at level 1 writes about as fast as snappy (~40% faster
    /// than zstd's default level here) and still compresses better.</summary>
    public static string Options(int rowGroupSize) =>
        $"FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE {rowGroupSize}";

    private const int MaxTextRetries = 8;


    private static Task CopyAsync(DuckSession session, TableSource source, string output, int rowGroupSize, CancellationToken token)
    {
        var row = Sql.Identifier(Sql.RowColumn);
        return session.ExecuteAsync(
            $"""
            COPY (SELECT CAST(row_number() OVER () - 1 AS BIGINT) AS {row}, {source.ColumnList} FROM {source.Reader})
            TO {Sql.Literal(output)} ({Options(rowGroupSize)})
            """,
            token);
    }

    private static string? MisguessedColumn(DuckDBException e, TableSource source)
    {
        var csv = source.Format is TableFormat.Csv or TableFormat.Tsv;
        if (!csv || !e.Message.StartsWith("Conversion Error", StringComparison.Ordinal))
        {
            return null;
        }

        var line = e.Message.Split('\n').FirstOrDefault(l => l.StartsWith("Column ", StringComparison.Ordinal)
            && l.Contains(" is being converted as type ", StringComparison.Ordinal));
        var name = line?["Column ".Length..line.LastIndexOf(" is being converted as type ", StringComparison.Ordinal)];
        return source.Columns.Any(c => c.Name == name) && !source.TextColumns.Contains(name!) ? name : null;
    }

    /// <summary>Writes the table's columns only (no row number) as Parquet for people to download.</summary>
    public static Task ExportAsync(DuckSession session, TableSource source, string output, CancellationToken cancellationToken) =>
        DuckErrors.TableAsync(() => session.ExecuteAsync(
            $"COPY (SELECT {source.ColumnList} FROM {source.Reader}) TO {Sql.Literal(output)} (FORMAT parquet, COMPRESSION zstd)",
            cancellationToken), source.Path);
}
