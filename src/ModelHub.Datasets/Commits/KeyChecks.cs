using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Tables;

namespace ModelHub.Datasets.Commits;

/// <summary>The key rules of a commit: a unique non-null key in the parent; deletes naming existing keys only.</summary>
internal static class KeyChecks
{
    public const string DeletesTable = "delete_keys";

    public static async Task RequireUniqueAsync(
        DuckSession session, TableSource parent, TableColumn key, CancellationToken cancellationToken)
    {
        var k = Sql.Identifier(key.Name);
        var duplicates = await session.QueryAsync(
            $"SELECT coalesce(CAST({k} AS VARCHAR), 'NULL') FROM {parent.Reader} GROUP BY {k} HAVING count(*) > 1 OR {k} IS NULL LIMIT 5",
            r => r.GetString(0),
            cancellationToken);
        if (duplicates.Count > 0)
        {
            throw new KeyException(
                DatasetErrorCodes.DuplicateKey, $"The key column '{key.Name}' is not unique (or has nulls); for example", duplicates);
        }
    }

    /// <summary>Loads the keys to delete into <see cref="DeletesTable"/> (<c>value</c>, <c>line</c>, <c>key</c> typed) and
    /// checks that each casts and exists in the parent and is not also edited.</summary>
    public static async Task LoadDeletesAsync(
        DuckSession session,
        TableSource parent,
        TableColumn key,
        IEnumerable<string> keys,
        bool edits,
        CancellationToken cancellationToken)
    {
        await session.LoadStringsAsync("raw_deletes", keys, cancellationToken);
        var notCast = await session.QueryAsync(
            $"SELECT value FROM raw_deletes WHERE TRY_CAST(value AS {key.Type}) IS NULL LIMIT 1", r => r.GetString(0), cancellationToken);
        if (notCast is [var bad])
        {
            throw new EditInvalidException($"The key to delete '{bad}' is not a valid {key.Type} for column '{key.Name}'.", key.Name);
        }

        var k = Sql.Identifier(key.Name);
        await session.ExecuteAsync(
            $"CREATE TABLE {DeletesTable} AS SELECT DISTINCT CAST(value AS {key.Type}) AS key FROM raw_deletes", cancellationToken);
        var missing = await session.QueryAsync(
            $"SELECT CAST(d.key AS VARCHAR) FROM {DeletesTable} d "
                + $"ANTI JOIN (SELECT {k} AS key FROM {parent.Reader}) p ON d.key = p.key LIMIT 5",
            r => r.GetString(0),
            cancellationToken);
        if (missing.Count > 0)
        {
            throw new KeyException(DatasetErrorCodes.KeyNotFound, $"These keys to delete are not in the table", missing);
        }

        if (edits)
        {
            var both = await session.QueryAsync(
                $"SELECT CAST(key AS VARCHAR) FROM {DeletesTable} "
                    + $"SEMI JOIN {EditsLoader.Table} e ON key = e.{EditsLoader.KeyColumn} LIMIT 5",
                r => r.GetString(0),
                cancellationToken);
            if (both.Count > 0)
            {
                throw new EditInvalidException($"These keys are both edited and deleted: {string.Join(", ", both)}.", key.Name);
            }
        }
    }
}
