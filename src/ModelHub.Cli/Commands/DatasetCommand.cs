using System.CommandLine;
using System.Globalization;
using ModelHub.Client;
using ModelHub.Contracts;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub dataset commit|diff|rows|history|suspects</c>: edit, compare and read dataset tables.</summary>
public static class DatasetCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("dataset", "Commit row edits to a dataset, compare versions, read rows and history.");
        command.Subcommands.Add(Commit(env));
        command.Subcommands.Add(Diff(env));
        command.Subcommands.Add(Rows(env));
        command.Subcommands.Add(History(env));
        command.Subcommands.Add(SuspectsCommand.Create(env));
        return command;
    }

    private static Command Commit(CliEnvironment env)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var parent = new Option<string>("--parent") { Description = "The version to commit on", Required = true };
        var table = new Option<string?>("--table") { Description = "The table to edit (its path; default: the version's only table)" };
        var upsert = new Option<string?>("--upsert") { Description = "A CSV, TSV, JSONL or Parquet file of edited or new rows" };
        var key = new Option<string?>("--key") { Description = "The key column (default: the key an earlier commit declared)" };
        var delete = new Option<string?>("--delete") { Description = "A text file of keys to delete, one per line" };
        var add = new Option<string[]>("--add") { Description = "A file to add: path=local-file (repeatable)" };
        var remove = new Option<string[]>("--remove") { Description = "A path to remove (repeatable)" };
        var version = new Option<string?>("--version") { Description = "The new version's name (default: the parent's, plus one)" };
        var notes = new Option<string?>("--notes") { Description = "What the commit is for" };
        var command = new Command("commit", "Make a new dataset version from a parent with row edits; uploads only the edits.")
        {
            repository, parent, table, upsert, key, delete, add, remove, version, notes,
        };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var repo = RepositoryReference.Parse(parse.GetValue(repository)!).Repository;
            using var client = context.Client();
            var (upserts, deletes) = (Local(parse.GetValue(upsert)), Local(parse.GetValue(delete)));
            var edits = new List<TableEdits>();
            if (upserts is not null || deletes is not null)
            {
                var target = parse.GetValue(table) ?? await OnlyTableAsync(client, repo, parse.GetValue(parent)!, ct);
                edits.Add(new TableEdits(target, parse.GetValue(key), upserts, deletes));
            }

            var commit = new DatasetCommit(repo, parse.GetValue(parent)!)
            {
                Version = parse.GetValue(version),
                Notes = parse.GetValue(notes),
                Tables = edits,
                Remove = parse.GetValue(remove),
                Add = (parse.GetValue(add) ?? []).Select(Pair).ToDictionary(p => p.Key, p => Local(p.Value)!, StringComparer.Ordinal),
            };
            var created = await context.WithProgressAsync("uploaded", progress => client.CommitAsync(commit, progress, ct));
            if (context.Json)
            {
                context.WriteJson(created);
                return ExitCodes.Success;
            }

            var changes = created.Changes;
            context.Human.MarkupLine($"[bold]{Markup.Escape(repo)}@{Markup.Escape(created.Version)}[/] "
                + $"from {Markup.Escape(created.Parent ?? "-")}: "
                + $"rows +{changes?.RowsAdded ?? 0} -{changes?.RowsRemoved ?? 0} ~{changes?.RowsChanged ?? 0}, "
                + $"files +{changes?.FilesAdded.Count ?? 0} -{changes?.FilesRemoved.Count ?? 0} ~{changes?.FilesModified.Count ?? 0}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Diff(CliEnvironment env)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var @base = new Argument<string>("base") { Description = "The older version" };
        var head = new Argument<string>("head") { Description = "The newer version" };
        var table = new Option<string?>("--table") { Description = "Only this table (its path on either side)" };
        var key = new Option<string?>("--key") { Description = "The key column (default: the one a commit declared)" };
        var offset = new Option<long>("--offset") { Description = "The first row change to show", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "Row changes to show (at most 100)", DefaultValueFactory = _ => 20 };
        var command = new Command("diff", "Compare two versions of a dataset: files, and rows added, removed and changed.")
        {
            repository, @base, head, table, key, offset, limit,
        };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var repo = RepositoryReference.Parse(parse.GetValue(repository)!).Repository;
            var options = new DatasetCompareOptions(parse.GetValue(table), parse.GetValue(key), Offset: parse.GetValue(offset),
                Length: parse.GetValue(limit));
            var diff = await client.CompareAsync(repo, parse.GetValue(@base)!, parse.GetValue(head)!, options, ct);
            if (context.Json)
            {
                context.WriteJson(diff);
                return ExitCodes.Success;
            }

            DiffPrinter.Write(context.Human, diff);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Rows(CliEnvironment env)
    {
        var reference = new Argument<string>("reference") { Description = "owner/name@version" };
        var table = new Argument<string>("table") { Description = "The table's path in the version" };
        var where = new Option<string?>("--where") { Description = "A filter, e.g. \"label = 'cat' AND score > 0.5\"" };
        var search = new Option<string?>("--search") { Description = "Text to find in any text column" };
        var columns = new Option<string[]>("--column") { Description = "A column to show (repeatable; default: all)" };
        var offset = new Option<long>("--offset") { Description = "The first row to show", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "Rows to show (at most 100)", DefaultValueFactory = _ => 20 };
        var command = new Command("rows", "Read rows of a dataset table, filtered and searched.")
        {
            reference, table, where, search, columns, offset, limit,
        };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var parsed = RepositoryReference.Parse(parse.GetValue(reference)!);
            var version = parsed.Version ?? throw new CliUsageException("Name the version: owner/name@version.");
            using var client = context.Client();
            var query = new RowsQuery(parse.GetValue(offset), parse.GetValue(limit), parse.GetValue(where), parse.GetValue(search),
                parse.GetValue(columns) is { Length: > 0 } chosen ? chosen : null);
            var rows = await client.GetRowsAsync(parsed.Repository, version, parse.GetValue(table)!, query, ct);
            if (context.Json)
            {
                context.WriteJson(rows);
                return ExitCodes.Success;
            }

            var grid = new Table().AddColumn("#");
            foreach (var column in rows.Columns)
            {
                grid.AddColumn(Markup.Escape(column.Name));
            }

            foreach (var row in rows.Rows)
            {
                grid.AddRow([row.RowIndex.ToString(CultureInfo.InvariantCulture),
                    .. rows.Columns.Select(c => Markup.Escape(row.Values[c.Name]?.ToJsonString() is { } json ? Cell(json) : "null"))]);
            }

            context.Human.Write(grid);
            var total = rows.Total ?? await client.CountRowsAsync(parsed.Repository, version, rows.Table, query.Filter, query.Search, ct);
            context.Human.MarkupLine($"rows {rows.Offset:N0}–{rows.Offset + rows.Rows.Count:N0} of {total:N0}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command History(CliEnvironment env)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var from = new Option<string?>("--from") { Description = "Start from this version (default: the newest)" };
        var limit = new Option<int>("--limit") { Description = "Versions to show", DefaultValueFactory = _ => 50 };
        var command = new Command("history", "A dataset's commits: each version, its parent and what it changed.")
        {
            repository, from, limit,
        };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var repo = RepositoryReference.Parse(parse.GetValue(repository)!).Repository;
            var history = await client.GetHistoryAsync(repo, parse.GetValue(from), parse.GetValue(limit), ct);
            if (context.Json)
            {
                context.WriteJson(history);
                return ExitCodes.Success;
            }

            var grid = new Table().AddColumns("version", "parent", "rows +", "rows -", "rows ~", "files +/-", "by", "created", "notes");
            foreach (var commit in history)
            {
                var c = commit.Changes;
                grid.AddRow(Markup.Escape(commit.Version), Markup.Escape(commit.Parent ?? "-"), Count(c?.RowsAdded), Count(c?.RowsRemoved),
                    Count(c?.RowsChanged), c is null ? "-" : $"+{c.FilesAdded.Count}/-{c.FilesRemoved.Count}",
                    Markup.Escape(commit.CreatedBy),
                    Text.Timestamp(commit.CreatedAt), Markup.Escape(commit.Notes ?? ""));
            }

            context.Human.Write(grid);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<string> OnlyTableAsync(ModelHubClient client, string repo, string parent, CancellationToken ct)
    {
        var tables = await client.ListTablesAsync(repo, parent, ct);
        return tables.Count == 1
            ? tables[0].Path
            : throw new CliUsageException($"{repo}@{parent} has {tables.Count} tables: name one with --table.");
    }

    private static string Count(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "-";

    private static string Cell(string json) => json.Length > 60 ? json[..57] + "…" : json.Trim('"');

    private static string? Local(string? file) =>
        file is null ? null : File.Exists(file) ? file : throw new CliUsageException($"'{file}' does not exist.");

    private static KeyValuePair<string, string> Pair(string value)
    {
        var at = value.IndexOf('=');
        return at > 0 ? new(value[..at], value[(at + 1)..]) : throw new CliUsageException($"'{value}' is not path=local-file.");
    }
}
