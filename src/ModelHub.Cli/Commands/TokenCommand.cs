using System.CommandLine;
using System.Globalization;
using ModelHub.Contracts.Tokens;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub token create|list|revoke</c>.</summary>
public static class TokenCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("token", "Create, list and revoke tokens.");
        command.Subcommands.Add(CreateToken(env));
        command.Subcommands.Add(List(env));
        command.Subcommands.Add(Revoke(env));
        return command;
    }

    private static Command CreateToken(CliEnvironment env)
    {
        var name = new Option<string>("--name") { Description = "What the token is for", Required = true };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "read, write or admin (repeatable)",
            DefaultValueFactory = _ => ["read"],
        };
        var owners = new Option<string[]>("--owner") { Description = "An owner the token acts on, or * (repeatable)", Required = true };
        var create = new Command("create", "Create a token; its secret is printed once.") { name, scopes, owners };
        create.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var request = new CreateTokenRequest(
                parse.GetValue(name), [.. parse.GetValue(scopes) ?? []], [.. parse.GetValue(owners) ?? []], ExpiresAt: null);
            var created = await client.CreateTokenAsync(request, ct);
            if (context.Json)
            {
                context.WriteJson(created);
                return ExitCodes.Success;
            }

            context.Human.MarkupLine($"Token {created.Info.Id} (shown once, keep it safe):");
            env.Out.WriteLine(created.Token);
            return ExitCodes.Success;
        }));
        return create;
    }

    private static Command List(CliEnvironment env)
    {
        var list = new Command("list", "List the tokens you manage.");
        list.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var tokens = await client.ListTokensAsync(ct);
            if (context.Json)
            {
                context.WriteJson(tokens);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("id", "name", "prefix", "scopes", "owners", "revoked");
            foreach (var t in tokens)
            {
                table.AddRow(t.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(t.Name), Markup.Escape(t.Prefix),
                    string.Join(",", t.Scopes), Markup.Escape(string.Join(",", t.Owners)), t.RevokedAt is null ? "" : "yes");
            }

            context.Human.Write(table);
            return ExitCodes.Success;
        }));
        return list;
    }

    private static Command Revoke(CliEnvironment env)
    {
        var id = new Argument<long>("id") { Description = "The token's id" };
        var revoke = new Command("revoke", "Revoke a token.") { id };
        revoke.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            await client.RevokeTokenAsync(parse.GetValue(id), ct);
            context.Human.MarkupLine($"Token {parse.GetValue(id)} revoked.");
            return ExitCodes.Success;
        }));
        return revoke;
    }
}
