using System.CommandLine;
using ModelHub.Client;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

public static class LoginCommand
{
    public static Command Create(CliEnvironment env)
    {
        var url = new Option<string>("--url") { Description = "The server, e.g. https://models.example.com", Required = true };
        var token = new Option<string?>("--token") { Description = "A bearer token (stored with mode 600)" };
        var command = new Command("login", "Remember the server and your token.") { url, token };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var server = parse.GetValue(url)!;
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new CliUsageException($"'{server}' is not an http(s) URL.");
            }

            var options = new ModelHubClientOptions
            {
                BaseAddress = uri,
                Token = parse.GetValue(token),
                CacheDirectory = env.CacheDirectory,
            };
            using var client = new ModelHubClient(options, env.Handler);
            // Proves the URL is a ModelHub and the token is accepted before anything is written: a failed login (bad
            // token, unreachable or wrong server) leaves the working one in place.
            // An unknown or revoked token is refused on any call, so listing one repository checks it too.
            await client.ListRepositoriesAsync(new RepositorySearch { PageSize = 1 }, ct);
            CliConfig.Save(env, uri.ToString().TrimEnd('/'), parse.GetValue(token));
            // Logging in is the moment to trust the server's signing keys afresh (after a key reset without rotation).
            if (File.Exists(client.Cache.KeyPath(uri)))
            {
                File.Delete(client.Cache.KeyPath(uri));
            }
            context.Human.MarkupLine($"Logged in to [bold]{Markup.Escape(uri.ToString())}[/]");
            return ExitCodes.Success;
        }));
        return command;
    }
}
