using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Commits;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets;

public sealed partial class TableEngine
{
    /// <summary>
    /// Applies upserts and deletes to a keyed table and writes the new materialised table to
    /// <see cref="TableCommit.OutputPath"/>; nothing is written when a rule fails. Unchanged rows keep their values and
    /// order; new rows are appended in the edits' order. Throws <see cref="UnknownColumnException"/> (no such key column),
    /// <see cref="KeyException"/> (<c>duplicate_key</c> in the parent or the edits, <c>key_not_found</c> for a delete),
    /// <see cref="EditInvalidException"/> (a column the table lacks, a value that does not cast, a key both edited and
    /// deleted), <see cref="TableInvalidException"/> (the parent does not parse).
    /// </summary>
    public Task<TableChangeSummary> ApplyAsync(TableCommit commit, CancellationToken cancellationToken = default)
    {
        var readable = new List<string> { commit.ParentPath };
        if (commit.UpsertsPath is not null)
        {
            readable.Add(commit.UpsertsPath);
        }

        return RunAsync(readable, async session =>
        {
            var parent = await OpenMaterialisedAsync(session, commit.ParentPath, cancellationToken);
            var key = parent.Column(commit.KeyColumn);
            if (key.Kind is ColumnKinds.List or ColumnKinds.Struct or ColumnKinds.Map or ColumnKinds.Binary)
            {
                throw new EditInvalidException(
                    $"The key column '{key.Name}' holds {key.Kind} values; a key must be a plain value.", key.Name);
            }

            await DuckErrors.TableAsync(async () =>
            {
                await KeyChecks.RequireUniqueAsync(session, parent, key, cancellationToken);
                return true;
            }, parent.Path);
            var edited = commit.UpsertsPath is null
                ? null
                : await EditsLoader.LoadAsync(session, parent, key, commit.UpsertsPath, cancellationToken);
            if (commit.DeleteKeys is not null)
            {
                await KeyChecks.LoadDeletesAsync(session, parent, key, commit.DeleteKeys, edited is not null, cancellationToken);
            }

            var output = Path.Combine(session.Scratch, "committed.parquet");
            var change = new CommitWriter.Change(parent, key, edited, commit.DeleteKeys is not null, output);
            var summary = await CommitWriter.WriteAsync(session, change, _options.RowGroupSize, cancellationToken);
            File.Move(output, commit.OutputPath, overwrite: true);
            return summary;
        }, cancellationToken);
    }
}
