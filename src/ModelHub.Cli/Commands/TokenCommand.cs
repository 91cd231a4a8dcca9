using System.CommandLine;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub token create|list|revoke</c>.</summary>
public static class TokenCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("token", "Create, list and revoke tokens.");

        var name = new Option<string>("--name") { Description = "What the token is for", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "read, write or admin (repeatable)", DefaultValueFactory = _ => ["read"] };
        var owners = new Option<string[]>("--owner") { Description = "An owner the token acts on, or * (repeatable)", Required = true };
        var create = new Command("create", "Create a token; its secret is printed once.") { name, scopes, owners };
        create.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var created = await client.SendJsonAsync(HttpMethod.Post, "/v1/tokens",
                new { name = parse.GetValue(name), scopes = parse.GetValue(scopes), owners = parse.GetValue(owners) }, ct);
            if (context.Json)
            {
                context.WriteJson(created);
                return ExitCodes.Success;
            }

            context.Human.MarkupLine($"Token {created.GetProperty("info").GetProperty("id")} (shown once, keep it safe):");
            env.Out.WriteLine(created.GetProperty("token").GetString());
            return ExitCodes.Success;
        }));

        var list = new Command("list", "List the tokens you manage.");
        list.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            var tokens = await client.GetJsonAsync("/v1/tokens", ct);
            if (context.Json)
            {
                context.WriteJson(tokens);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("id", "name", "prefix", "scopes", "owners", "revoked");
            foreach (var t in tokens.EnumerateArray())
            {
                table.AddRow(t.GetProperty("id").ToString(), Markup.Escape(t.GetProperty("name").GetString()!), Markup.Escape(t.GetProperty("prefix").GetString()!),
                    string.Join(",", t.GetProperty("scopes").EnumerateArray()), Markup.Escape(string.Join(",", t.GetProperty("owners").EnumerateArray())),
                    t.GetProperty("revokedAt").ValueKind == System.Text.Json.JsonValueKind.Null ? "" : "yes");
            }

            context.Human.Write(table);
            return ExitCodes.Success;
        }));

        var id = new Argument<long>("id") { Description = "The token's id" };
        var revoke = new Command("revoke", "Revoke a token.") { id };
        revoke.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            using var client = context.Client();
            await client.SendJsonAsync(HttpMethod.Delete, $"/v1/tokens/{parse.GetValue(id)}", null, ct);
            context.Human.MarkupLine($"Token {parse.GetValue(id)} revoked.");
            return ExitCodes.Success;
        }));

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }
}
