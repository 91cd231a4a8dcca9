using System.CommandLine;
using System.Globalization;
using ModelHub.Contracts;
using ModelHub.Contracts.Evaluations;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary>
/// <c>modelhub dataset suspects OWNER/DATA@V --evaluation ID [--accept all|ROW,ROW…]</c>: the rows whose label an
/// evaluation's reference tier finds implausible, with its suggestions; <c>--accept</c> commits the suggestions.
/// </summary>
public static class SuspectsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dataset = new Argument<string>("dataset") { Description = "owner/name@version of the evaluated dataset" };
        var evaluation = new Option<long>("--evaluation") { Description = "The evaluation's id", Required = true };
        var offset = new Option<long>("--offset") { Description = "Skip this many suspects", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "Show at most this many (1 to 1000)", DefaultValueFactory = _ => 20 };
        var accept = new Option<string?>("--accept")
        {
            Description = "Commit suggestions: 'all' (the rows shown) or row indices, comma-separated",
        };
        var command = new Command("suspects", "Rows an evaluation suspects of a wrong label, with suggestions; --accept commits them.")
        {
            dataset, evaluation, offset, limit, accept,
        };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var reference = RepositoryReference.Parse(parse.GetValue(dataset)!);
            if (reference.Version is null)
            {
                throw new CliUsageException("Name the dataset version: owner/name@version.");
            }

            using var client = context.Client();
            var id = parse.GetValue(evaluation);
            var list = await client.GetSuspectsAsync(
                reference.Repository, reference.Version, id, parse.GetValue(offset), parse.GetValue(limit), ct);
            if (parse.GetValue(accept) is { } chosen)
            {
                var rows = chosen == "all" ? list.Rows.Select(r => r.RowIndex)
                    : chosen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(r => long.Parse(r, CultureInfo.InvariantCulture));
                var accepted = await client.AcceptSuspectsAsync(reference.Repository, reference.Version, id,
                    new AcceptSuspectsRequest([.. rows.Select(r => new AcceptedLabel(r))]), ct);
                if (context.Json)
                {
                    context.WriteJson(accepted);
                }
                else
                {
                    context.Human.MarkupLine($"{accepted.LabelsChanged} labels committed as "
                        + $"[bold]{Markup.Escape(accepted.Dataset)}@{Markup.Escape(accepted.Version)}[/]");
                }

                return ExitCodes.Success;
            }

            if (context.Json)
            {
                context.WriteJson(list);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("row", "key", "given", "p(given)", "suggested", "confidence");
            foreach (var row in list.Rows)
            {
                table.AddRow(row.RowIndex.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.Key?.ToString() ?? "-"),
                    Markup.Escape(row.GivenLabel), row.GivenProbability.ToString("0.000", CultureInfo.InvariantCulture),
                    Markup.Escape(row.SuggestedLabel), row.Confidence.ToString("0.000", CultureInfo.InvariantCulture));
            }

            context.Human.MarkupLine($"{list.Total:N0} suspected labels in {Markup.Escape(list.Table)} (evaluation {list.EvaluationId})");
            context.Human.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }
}
