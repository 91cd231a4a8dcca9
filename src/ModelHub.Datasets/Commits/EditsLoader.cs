using DuckDB.NET.Data;
using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Commits;

/// <summary>
/// Loads the edits file into a typed table <c>changes</c> (<c>edit_row</c>, <c>edit_key</c>, then the edited columns
/// in the parent's types), after checking that every column exists in the parent, every value casts, and every key is
/// present and named once.
/// </summary>
internal static class EditsLoader
{
    public const string Table = "changes";
    public const string RowColumn = "__modelhub_edit_row";
    public const string KeyColumn = "__modelhub_edit_key";

    /// <summary>Returns the edited columns (the key excluded), in the edits file's order.</summary>
    public static async Task<IReadOnlyList<TableColumn>> LoadAsync(
        DuckSession session, TableSource parent, TableColumn key, string path, CancellationToken cancellationToken)
    {
        var format = TableFormats.Detect(path)
            ?? throw new EditInvalidException($"'{Path.GetFileName(path)}' is not a CSV, TSV, JSONL or Parquet file of edits.");
        try
        {
            await session.ExecuteAsync(
                $"CREATE TABLE raw_edits AS SELECT row_number() OVER () AS {RowColumn}, * "
                    + $"FROM {TableSource.ReaderOf(path, format, csvAsText: true)}",
                cancellationToken);
        }
        catch (DuckDBException e)
        {
            throw new EditInvalidException($"The edits do not parse: {DuckErrors.Describe(e, path)}");
        }

        var names = await session.QueryAsync("SELECT column_name FROM (DESCRIBE raw_edits)", r => r.GetString(0), cancellationToken);
        var columns = names.Skip(1).Select(name => parent.Columns.FirstOrDefault(c => c.Name == name) ?? throw new EditInvalidException(
            $"The edits have a column '{name}' that the table does not have; its columns are: "
                + $"{string.Join(", ", parent.Columns.Select(c => c.Name))}.",
            name)).ToList();
        if (!columns.Contains(key))
        {
            throw new EditInvalidException($"The edits have no key column '{key.Name}'.", key.Name);
        }

        await CheckCastsAsync(session, columns, cancellationToken);
        var k = Sql.Identifier(key.Name);
        var missing = await session.QueryAsync(
            $"SELECT {RowColumn} FROM raw_edits WHERE {k} IS NULL ORDER BY {RowColumn} LIMIT 1", r => r.GetInt64(0), cancellationToken);
        if (missing is [var row])
        {
            throw new EditInvalidException($"Row {row} of the edits has no value in the key column '{key.Name}'.", key.Name, row);
        }

        var typed = columns.Select(c => $"CAST({Sql.Identifier(c.Name)} AS {c.Type}) AS {Sql.Identifier(c.Name)}");
        await session.ExecuteAsync(
            $"CREATE TABLE {Table} AS SELECT {RowColumn}, CAST({k} AS {key.Type}) AS {KeyColumn}, {string.Join(", ", typed)} "
                + "FROM raw_edits",
            cancellationToken);
        var duplicates = await session.QueryAsync(
            $"SELECT CAST({KeyColumn} AS VARCHAR) FROM {Table} GROUP BY {KeyColumn} HAVING count(*) > 1 ORDER BY min({RowColumn}) LIMIT 5",
            r => r.GetString(0),
            cancellationToken);
        if (duplicates.Count > 0)
        {
            throw new KeyException(DatasetErrorCodes.DuplicateKey, $"The edits name these keys of '{key.Name}' more than once", duplicates);
        }

        return [.. columns.Where(c => c != key)];
    }

    // One scan for every column: the first row whose value is present but does not cast to the parent's type.
    private static async Task CheckCastsAsync(DuckSession session, IReadOnlyList<TableColumn> columns, CancellationToken cancellationToken)
    {
        var checks = columns.Select((c, i) =>
        {
            var v = Sql.Identifier(c.Name);
            return $"SELECT {i} AS col, {RowColumn}, CAST({v} AS VARCHAR) AS value FROM raw_edits "
                + $"WHERE {v} IS NOT NULL AND TRY_CAST({v} AS {c.Type}) IS NULL";
        });
        var failures = await session.QueryAsync(
            $"SELECT col, {RowColumn}, value FROM ({string.Join(" UNION ALL ", checks)}) ORDER BY {RowColumn}, col LIMIT 1",
            r => (Column: columns[r.GetInt32(0)], Row: r.GetInt64(1), Value: r.GetString(2)),
            cancellationToken);
        if (failures is [var failure])
        {
            var value = failure.Value.Length > 80 ? failure.Value[..80] + "…" : failure.Value;
            throw new EditInvalidException(
                $"Row {failure.Row} of the edits: '{value}' is not a valid {failure.Column.Type} for column '{failure.Column.Name}'.",
                failure.Column.Name,
                failure.Row);
        }
    }
}
