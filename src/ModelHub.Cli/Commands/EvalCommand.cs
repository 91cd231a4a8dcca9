using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ModelHub.Contracts;
using ModelHub.Contracts.Evaluations;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary>
/// <c>modelhub eval OWNER/MODEL@V --dataset OWNER/DATA@V --table T [--spec eval.json]</c>: evaluates every tier of a model
/// version on a dataset table, waits for the result and prints it per tier; exits 3 when a tier fails the accuracy gate.
/// </summary>
public static class EvalCommand
{
    public static Command Create(CliEnvironment env)
    {
        var model = new Argument<string>("model") { Description = "owner/name@version of the model" };
        var dataset = new Option<string?>("--dataset") { Description = "owner/name@version of the dataset (default: the spec's)" };
        var table = new Option<string?>("--table") { Description = "The table to read (default: the spec's)" };
        var spec = new Option<string?>("--spec") { Description = "An evaluation spec (JSON); default: the version's evaluation.json" };
        var noWait = new Option<bool>("--no-wait") { Description = "Start the evaluation and print its id without waiting" };
        var command = new Command("eval", "Evaluate every tier of a model version on a dataset table; exit 3 when the gate fails.")
        {
            model, dataset, table, spec, noWait,
        };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var reference = RepositoryReference.Parse(parse.GetValue(model)!);
            if (reference.Version is null)
            {
                throw new CliUsageException("Name the model version: owner/name@version.");
            }

            EvaluationSpec? body = null;
            if (parse.GetValue(spec) is { } file)
            {
                await using var stream = File.OpenRead(file);
                body = await JsonSerializer.DeserializeAsync<EvaluationSpec>(stream, JsonSerializerOptions.Web, ct);
            }

            using var client = context.Client();
            var started = await client.StartEvaluationAsync(reference.Repository, reference.Version, body, parse.GetValue(dataset),
                parse.GetValue(table), ct);
            if (parse.GetValue(noWait))
            {
                Write(context, started);
                return ExitCodes.Success;
            }

            var done = await client.WaitForEvaluationAsync(reference.Repository, reference.Version, started.Id, cancellationToken: ct);
            Write(context, done);
            return done.State == EvaluationTerms.Failed ? ExitCodes.Failure
                : done.Gate is { Passed: false } ? ExitCodes.Rejected
                : ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(CliContext context, EvaluationInfo evaluation)
    {
        if (context.Json)
        {
            context.WriteJson(evaluation);
            return;
        }

        var human = context.Human;
        human.MarkupLine($"evaluation [bold]{evaluation.Id}[/] of {Markup.Escape(evaluation.Model)}@{Markup.Escape(evaluation.Version)} "
            + $"on {Markup.Escape(evaluation.Dataset)} {Markup.Escape(evaluation.Table)}: {evaluation.State}");
        if (evaluation.Error is { } error)
        {
            human.MarkupLine(Markup.Escape(error));
        }

        if (evaluation.Tiers is not { } tiers)
        {
            return;
        }

        var regression = tiers.Any(t => t.Rmse is not null);
        var table = regression
            ? new Table().AddColumns("tier", "examples", "MAE", "RMSE", "ms/example")
            : new Table().AddColumns("tier", "examples", "accuracy", "top-k", "drop", "gate", "ms/example");
        foreach (var tier in tiers)
        {
            var name = Markup.Escape(tier.Tier) + (tier.Reference ? " (reference)" : "");
            var examples = tier.Examples.ToString("N0", CultureInfo.InvariantCulture);
            var latency = tier.LatencyMsPerExample.ToString("0.000", CultureInfo.InvariantCulture);
            if (regression)
            {
                table.AddRow(name, examples, Number(tier.Mae), Number(tier.Rmse), latency);
                continue;
            }

            table.AddRow(name, examples, Percent(tier.Accuracy), tier.TopK is { } topK ? $"{Percent(topK)} (k={tier.K})" : "-",
                Percent(tier.AccuracyDrop), tier.Passed switch { true => "passed", false => "[red]failed[/]", null => "-" }, latency);
        }

        human.Write(table);
        if (evaluation.Gate is { } gate)
        {
            human.MarkupLine((gate.Passed ? "gate passed: " : "[red]gate failed[/]: ") + Markup.Escape(gate.Reason));
        }

        if (evaluation.Suspects is { } suspects)
        {
            human.MarkupLine($"{suspects:N0} suspected labels: modelhub dataset suspects {Markup.Escape(evaluation.Dataset)} "
                + $"--evaluation {evaluation.Id}");
        }
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("P2", CultureInfo.InvariantCulture) : "-";

    private static string Number(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "-";
}
