using System.CommandLine;
using ModelHub.Contracts.Channels;
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
        var command = new Command("set", "Point a channel at a version (optionally with a staged rollout).")
        {
            repository, channel, version, rollout, percent,
        };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var request = new MoveChannelRequest(parse.GetValue(version), parse.GetValue(rollout), parse.GetValue(percent));
            var moved = await client.MoveChannelAsync(parse.GetValue(repository)!, parse.GetValue(channel)!, request, ct);
            Print(context, moved, $"{parse.GetValue(channel)} → {moved.Version}");
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
            var history = await client.GetChannelHistoryAsync(parse.GetValue(repository)!, parse.GetValue(channel)!, ct);
            if (context.Json)
            {
                context.WriteJson(history);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("when", "from", "to", "rollout", "by");
            foreach (var e in history)
            {
                var rollout = e.RolloutVersion is { } r ? $"{Markup.Escape(r)} {e.RolloutPercent}%" : "";
                table.AddRow(Text.Timestamp(e.At), Markup.Escape(e.From ?? "-"), Markup.Escape(e.To), rollout, Markup.Escape(e.By));
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
        var to = new Option<string?>("--to") { Description = "Roll back to this version, one the channel pointed at before" };
        var command = new Command("rollback", "Move a channel back to the previous distinct version it served.")
        {
            repository, channel, to,
        };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var moved = await client.RollBackChannelAsync(parse.GetValue(repository)!, parse.GetValue(channel)!, parse.GetValue(to), ct);
            Print(context, moved, $"{parse.GetValue(channel)} rolled back to {moved.Version}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(CliContext context, ChannelInfo moved, string text)
    {
        if (context.Json)
        {
            context.WriteJson(moved);
        }

        context.Human.MarkupLine(Markup.Escape(text));
    }
}
