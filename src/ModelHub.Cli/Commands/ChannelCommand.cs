using System.CommandLine;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub channel set|history|rollback</c>.</summary>
public static class ChannelCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("channel", "Move channels, read their history, roll back.");
        command.Subcommands.Add(Set(env));
        command.Subcommands.Add(History(env));
        command.Subcommands.Add(Rollback(env));
        return command;
    }

    private static Command Set(CliEnvironment env)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var channel = new Argument<string>("channel") { Description = "e.g. stable, beta" };
        var version = new Argument<string>("version") { Description = "A published version" };
        var rollout = new Option<string?>("--rollout") { Description = "Roll this version out to --percent of clients" };
        var percent = new Option<double?>("--percent") { Description = "Share of clients (0-100) that get --rollout" };
        var command = new Command("set", "Point a channel at a version (optionally with a staged rollout).") { repository, channel, version, rollout, percent };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var moved = await client.SendJsonAsync(HttpMethod.Put, $"/v1/models/{parse.GetValue(repository)}/channels/{parse.GetValue(channel)}",
                new { version = parse.GetValue(version), rolloutVersion = parse.GetValue(rollout), rolloutPercent = parse.GetValue(percent) }, ct);
            Print(context, moved, $"{parse.GetValue(channel)} → {moved.GetProperty("version").GetString()}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command History(CliEnvironment env)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var channel = new Argument<string>("channel") { Description = "e.g. stable" };
        var command = new Command("history", "Every move of a channel, newest first.") { repository, channel };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var history = await client.GetJsonAsync($"/v1/models/{parse.GetValue(repository)}/channels/{parse.GetValue(channel)}/history", ct);
            if (context.Json)
            {
                context.WriteJson(history);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("when", "from", "to", "rollout", "by");
            foreach (var e in history.EnumerateArray())
            {
                table.AddRow(e.GetProperty("at").GetString()!, Markup.Escape(e.GetProperty("from").GetString() ?? "-"), Markup.Escape(e.GetProperty("to").GetString()!),
                    e.GetProperty("rolloutVersion").GetString() is { } r ? $"{Markup.Escape(r)} {e.GetProperty("rolloutPercent")}%" : "", Markup.Escape(e.GetProperty("by").GetString()!));
            }

            context.Human.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Rollback(CliEnvironment env)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var channel = new Argument<string>("channel") { Description = "e.g. stable" };
        var command = new Command("rollback", "Move a channel back to where it was before its last move.") { repository, channel };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var moved = await client.SendJsonAsync(HttpMethod.Post, $"/v1/models/{parse.GetValue(repository)}/channels/{parse.GetValue(channel)}/rollback", null, ct);
            Print(context, moved, $"{parse.GetValue(channel)} rolled back to {moved.GetProperty("version").GetString()}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(CliContext context, System.Text.Json.JsonElement json, string text)
    {
        if (context.Json)
        {
            context.WriteJson(json);
        }

        context.Human.MarkupLine(Markup.Escape(text));
    }
}
