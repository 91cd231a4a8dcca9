using System.Text.Json.Nodes;
using ModelHub.Contracts.Datasets;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary>A compare as people read a code diff: files with +/-/~, then per table its counts, label shift and row changes.</summary>
internal static class DiffPrinter
{
    public static void Write(IAnsiConsole human, VersionComparison diff)
    {
        human.MarkupLine($"[bold]{Markup.Escape(diff.Base)}...{Markup.Escape(diff.Head)}[/]");
        foreach (var file in diff.Files)
        {
            var (sign, colour) = file.Change switch { "added" => ("+", "green"), "removed" => ("-", "red"), _ => ("~", "yellow") };
            human.MarkupLine($"[{colour}]{sign} {Markup.Escape(file.Path)}[/]");
        }

        foreach (var table in diff.Tables)
        {
            human.MarkupLine($"[bold]table {Markup.Escape(table.BasePath ?? "∅")} → {Markup.Escape(table.HeadPath ?? "∅")}[/]");
            if (table.Comparison is not { } c)
            {
                human.MarkupLine($"  {Markup.Escape(table.Note ?? "")}");
                continue;
            }

            human.MarkupLine($"  rows [green]+{c.RowsAdded:N0}[/] [red]-{c.RowsRemoved:N0}[/] [yellow]~{c.RowsChanged:N0}[/] "
                + $"({c.BaseRowCount:N0} → {c.HeadRowCount:N0})"
                + (c.KeyColumn is null ? ", unkeyed" : $", key {Markup.Escape(c.KeyColumn)}"));
            foreach (var label in c.Labels?.Values ?? [])
            {
                var name = $"{c.Labels!.Column} {Show(label.Value)}";
                human.MarkupLine($"  {Markup.Escape(name)}: {label.Before:N0} → {label.After:N0}");
            }

            foreach (var change in c.Changes)
            {
                WriteChange(human, change);
            }
        }
    }

    private static void WriteChange(IAnsiConsole human, RowChange change)
    {
        var key = Markup.Escape(Show(change.Key));
        switch (change.Kind)
        {
            case RowChangeKinds.Added:
                human.MarkupLine($"[green]+ {key} {Markup.Escape(change.Values?.ToJsonString() ?? "")}[/]");
                break;
            case RowChangeKinds.Removed:
                human.MarkupLine($"[red]- {key} {Markup.Escape(change.Values?.ToJsonString() ?? "")}[/]");
                break;
            default:
                var cells = change.Cells.Select(x => $"{x.Column}: {Show(x.Before)} → {Show(x.After)}");
                human.MarkupLine($"[yellow]~ {key} {Markup.Escape(string.Join(", ", cells))}[/]");
                break;
        }
    }

    private static string Show(JsonNode? value) => value is null ? "null" : value.ToJsonString().Trim('"');
}
