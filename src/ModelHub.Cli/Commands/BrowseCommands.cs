using System.CommandLine;
using System.Globalization;
using ModelHub.Client;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary>Read-only commands: <c>ls</c>, <c>show</c>, <c>versions</c>.</summary>
public static class BrowseCommands
{
    private static Option<string> KindOption() =>
        new("--kind") { Description = "models or datasets", DefaultValueFactory = _ => RepositoryKinds.Models };

    public static Command List(CliEnvironment env)
    {
        var kind = KindOption();
        var query = new Option<string?>("--query", "-q") { Description = "Text to look for in names and descriptions" };
        var owner = new Option<string?>("--owner") { Description = "Only this owner's repositories" };
        var command = new Command("ls", "List repositories.") { kind, query, owner };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var search = new RepositorySearch
            {
                Kind = Kind(parse.GetValue(kind)),
                Text = parse.GetValue(query),
                Owner = parse.GetValue(owner),
                PageSize = 100,
            };
            var page = await client.ListRepositoriesAsync(search, ct);
            if (context.Json)
            {
                context.WriteJson(page);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("repository", "latest", "description");
            foreach (var item in page.Items)
            {
                table.AddRow(Markup.Escape($"{item.Owner}/{item.Name}"), Markup.Escape(item.LatestVersion ?? "-"),
                    Markup.Escape(item.Description ?? ""));
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
            var name = parse.GetValue(repository)!;
            var repositoryKind = Kind(parse.GetValue(kind));
            var repo = await client.GetRepositoryAsync(name, repositoryKind, ct);
            // Only models have channels.
            var channels = repositoryKind == RepositoryKinds.Datasets ? null : await client.ListChannelsAsync(name, ct);
            if (context.Json)
            {
                context.WriteJson(new { repository = repo, channels });
                return ExitCodes.Success;
            }

            var human = context.Human;
            human.MarkupLine($"[bold]{Markup.Escape(name)}[/] {Markup.Escape(repo.Description ?? "")}");
            human.MarkupLine($"latest: {Markup.Escape(repo.LatestVersion ?? "-")}, private: {repo.Private}");
            foreach (var channel in channels ?? [])
            {
                human.MarkupLine($"  channel {Markup.Escape(channel.Name)} → {Markup.Escape(channel.Version)}");
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
            var versions = await client.ListVersionsAsync(parse.GetValue(repository)!, Kind(parse.GetValue(kind)), ct);
            if (context.Json)
            {
                context.WriteJson(versions);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("version", "state", "files", "size", "created");
            foreach (var v in versions)
            {
                table.AddRow(Markup.Escape(v.Version), v.State, v.FileCount.ToString(CultureInfo.InvariantCulture), $"{v.TotalSize:N0}",
                    Text.Timestamp(v.CreatedAt));
            }

            context.Human.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Kind(string? kind) =>
        kind is RepositoryKinds.Models or RepositoryKinds.Datasets ? kind : throw new CliUsageException("--kind is models or datasets.");
}
