using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary>Read-only commands: <c>ls</c>, <c>show</c>, <c>versions</c>.</summary>
public static class BrowseCommands
{
    private static Option<string> KindOption() => new("--kind") { Description = "models or datasets", DefaultValueFactory = _ => "models" };

    public static Command List(CliEnvironment env)
    {
        var kind = KindOption();
        var query = new Option<string?>("--query", "-q") { Description = "Text to look for in names and descriptions" };
        var owner = new Option<string?>("--owner") { Description = "Only this owner's repositories" };
        var command = new Command("ls", "List repositories.") { kind, query, owner };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var path = $"/v1/{Kind(parse.GetValue(kind))}?pageSize=100" +
                (parse.GetValue(query) is { } q ? $"&q={Uri.EscapeDataString(q)}" : "") + (parse.GetValue(owner) is { } o ? $"&owner={Uri.EscapeDataString(o)}" : "");
            var page = await client.GetJsonAsync(path, ct);
            if (context.Json)
            {
                context.WriteJson(page);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("repository", "latest", "description");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                table.AddRow(Markup.Escape($"{item.GetProperty("owner").GetString()}/{item.GetProperty("name").GetString()}"),
                    Markup.Escape(item.GetProperty("latestVersion").GetString() ?? "-"), Markup.Escape(item.GetProperty("description").GetString() ?? ""));
            }

            context.Human.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Show(CliEnvironment env)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var kind = KindOption();
        var command = new Command("show", "Show a repository with its channels.") { repository, kind };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var path = $"/v1/{Kind(parse.GetValue(kind))}/{parse.GetValue(repository)}";
            var repo = await client.GetJsonAsync(path, ct);
            var channels = parse.GetValue(kind) == "datasets" ? default : await client.GetJsonAsync($"{path}/channels", ct);
            if (context.Json)
            {
                context.WriteJson(new { repository = repo, channels });
                return ExitCodes.Success;
            }

            var human = context.Human;
            human.MarkupLine($"[bold]{Markup.Escape(parse.GetValue(repository)!)}[/] {Markup.Escape(repo.GetProperty("description").GetString() ?? "")}");
            human.MarkupLine($"latest: {Markup.Escape(repo.GetProperty("latestVersion").GetString() ?? "-")}, private: {repo.GetProperty("private").GetBoolean()}");
            if (channels.ValueKind == JsonValueKind.Array)
            {
                foreach (var channel in channels.EnumerateArray())
                {
                    human.MarkupLine($"  channel {Markup.Escape(channel.GetProperty("name").GetString()!)} → {Markup.Escape(channel.GetProperty("version").GetString()!)}");
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Versions(CliEnvironment env)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var kind = KindOption();
        var command = new Command("versions", "List a repository's versions with their states.") { repository, kind };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var versions = await client.GetJsonAsync($"/v1/{Kind(parse.GetValue(kind))}/{parse.GetValue(repository)}/versions", ct);
            if (context.Json)
            {
                context.WriteJson(versions);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("version", "state", "files", "size", "created");
            foreach (var v in versions.EnumerateArray())
            {
                table.AddRow(Markup.Escape(v.GetProperty("version").GetString()!), v.GetProperty("state").GetString()!, v.GetProperty("fileCount").ToString(),
                    $"{v.GetProperty("totalSize").GetInt64():N0}", v.GetProperty("createdAt").GetString()!);
            }

            context.Human.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Kind(string? kind) => kind is "models" or "datasets" ? kind : throw new CliUsageException("--kind is models or datasets.");
}
