using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets.Tables;

/// <summary>
/// A table file opened in a session: its columns (without the hidden row number) and a relation to select from that
/// always has the row-number column. A materialised table carries the row number, so offset reads prune by row-group
/// statistics; any other table numbers its rows in file order on the fly.
/// </summary>
internal sealed record TableSource(string Path, TableFormat Format, bool Materialised, IReadOnlyList<TableColumn> Columns)
{
    /// <summary>CSV/TSV columns read as text whatever the sniffer guessed (see <see cref="Materializer"/>).</summary>
    public IReadOnlyList<string> TextColumns { get; init; } = [];

    /// <summary>The table function reading the file, without row numbers.</summary>
    public string Reader => ReaderOf(Path, Format, textColumns: TextColumns);

    /// <summary>A relation with the row-number column first, then the table's columns.</summary>
    public string Relation => Materialised
        ? Reader
        : $"(SELECT row_number() OVER () - 1 AS {Sql.Identifier(Sql.RowColumn)}, {ColumnList} FROM {Reader})";

    public string ColumnList => string.Join(", ", Columns.Select(c => Sql.Identifier(c.Name)));

    public TableColumn Column(string name) =>
        Columns.FirstOrDefault(c => c.Name == name) ?? throw new UnknownColumnException(name, [.. Columns.Select(c => c.Name)]);

    /// <summary>Reads the schema; a file that does not parse raises <see cref="TableInvalidException"/>.</summary>
    public static async Task<TableSource> OpenAsync(
        DuckSession session, string path, CancellationToken cancellationToken, IReadOnlyList<string>? textColumns = null)
    {
        var format = TableFormats.Detect(path)
            ?? throw new TableInvalidException($"'{System.IO.Path.GetFileName(path)}' is not a CSV, TSV, JSONL or Parquet file.");
        var described = await DuckErrors.TableAsync(() => session.QueryAsync(
            $"DESCRIBE SELECT * FROM {ReaderOf(path, format, textColumns: textColumns)}",
            r => (Name: r.GetString(0), Type: r.GetString(1)),
            cancellationToken), path);
        var materialised = format == TableFormat.Parquet && described is [{ Name: Sql.RowColumn }, ..];
        var columns = described.Where(d => d.Name != Sql.RowColumn)
            .Select(d => new TableColumn(d.Name, d.Type, ColumnKindMapper.Kind(d.Type)))
            .ToList();
        return new TableSource(path, format, materialised, columns) { TextColumns = textColumns ?? [] };
    }

    /// <summary>The table function reading a file; <paramref name="csvAsText"/> reads CSV/TSV cells as text, left for the
    /// caller to cast (edits are cast to the parent's types, not sniffed); <paramref name="textColumns"/> are CSV columns
    /// read as text whatever their sniffed type.</summary>
    public static string ReaderOf(string path, TableFormat format, bool csvAsText = false, IReadOnlyList<string>? textColumns = null)
    {
        var file = Sql.Literal(System.IO.Path.GetFullPath(path));
        var text = csvAsText ? ", all_varchar = true"
            : textColumns is { Count: > 0 } ? $", types = {{{string.Join(", ", textColumns.Select(c => $"{Sql.Literal(c)}: 'VARCHAR'"))}}}"
            : "";
        const string Strict = "quote = '\"', escape = '\"', strict_mode = true, skip = 0, buffer_size = 8388608";
        return format switch
        {
            // Strict CSV: a quote that does not close or a row with the wrong number of fields is an error, not a guess;
            // skip = 0 stops the sniffer from skipping leading rows that disagree with the rest; 8 MiB buffers (32 MiB by
            // default) keep a CSV read inside a 64 MiB limit.
            TableFormat.Csv => $"read_csv({file}, header = true, delim = ',', {Strict}{text})",
            TableFormat.Tsv => $"read_csv({file}, header = true, delim = '\\t', {Strict}{text})",
            // Every line decides the schema (a key first seen late would otherwise be dropped); JSON sessions run one thread,
            // as two threads' JSON buffers alone overrun the memory limit.
            TableFormat.JsonLines => $"read_json({file}, format = 'newline_delimited', sample_size = -1)",
            _ => $"read_parquet({file})",
        };
    }
}
