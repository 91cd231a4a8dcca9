using System.CommandLine;
using System.CommandLine.Parsing;
using ModelHub.Cli.Commands;
using ModelHub.Client;

namespace ModelHub.Cli;

/// <summary>The <c>modelhub</c> command line: builds the commands and turns failures into exit codes and readable errors.</summary>
public static class CliApp
{
    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print JSON on stdout (human text goes to stderr)",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("ModelHub: push and pull versioned models and datasets.");
        root.Options.Add(JsonOption);
        foreach (var command in new[]
        {
            LoginCommand.Create(env), PushCommand.Create(env, dataset: false), PushCommand.Create(env, dataset: true),
            PullCommand.Create(env), ManifestCommand.Create(env), BrowseCommands.List(env), BrowseCommands.Show(env),
            BrowseCommands.Versions(env), ChannelCommand.Create(env), TokenCommand.Create(env), DatasetCommand.Create(env),
            EvalCommand.Create(env),
        })
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return Usage(env, parse, string.Join("; ", parse.Errors.Select(e => e.Message)));
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error }, cancellationToken);
    }

    /// <summary>Runs a command body with the context it needs and maps what can go wrong to an exit code.</summary>
    public static async Task<int> RunCommandAsync(CliEnvironment env, ParseResult parse, Func<CliContext, Task<int>> body)
    {
        var json = parse.GetValue(JsonOption);
        try
        {
            var context = new CliContext(env, CliConfig.Load(env), json);
            return await body(context);
        }
        catch (CliUsageException e)
        {
            return Usage(env, parse, e.Message);
        }
        catch (FormatException e)
        {
            return Usage(env, parse, e.Message);
        }
        catch (ModelHubException e)
        {
            var exit = e.Status switch { 401 or 403 => ExitCodes.Unauthorized, 404 => ExitCodes.NotFound, _ => ExitCodes.Failure };
            return Fail(env, json, e.Code, e.Message, exit);
        }
        catch (IntegrityException e)
        {
            return Fail(env, json, "integrity", e.Message, ExitCodes.Integrity);
        }
        catch (HttpRequestException e)
        {
            return Fail(env, json, "unreachable", $"cannot reach the server: {e.Message}", ExitCodes.Unreachable);
        }
        catch (IOException e)
        {
            return Fail(env, json, "io", e.Message, ExitCodes.Failure);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or an answer we did not expect: one readable line, the details only on request.
            var debug = env.Variables.TryGetValue("MODELHUB_DEBUG", out var flag) && flag is "1" or "true";
            return Fail(env, json, "unexpected", debug ? e.ToString() : $"{e.GetType().Name}: {e.Message}", ExitCodes.Failure);
        }
    }

    /// <summary>
    /// A command line that is wrong or incomplete: exit code 2, the error and the command's help on stderr; under --json
    /// the error as JSON on stdout instead of the help (a script reads the code, not the help).
    /// </summary>
    private static int Usage(CliEnvironment env, ParseResult parse, string message)
    {
        var json = parse.Tokens.Any(t => t.Value == "--json");
        var exit = Fail(env, json, "usage", message, ExitCodes.Usage);
        if (!json)
        {
            var path = new List<string>();
            for (var command = parse.CommandResult; command.Parent is CommandResult parent; command = parent)
            {
                path.Insert(0, command.Command.Name);
            }

            env.Error.WriteLine();
            parse.RootCommandResult.Command.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = env.Error });
        }

        return exit;
    }

    /// <summary>The error on stderr; with --json also as <c>{"error":{code,message,exitCode}}</c> on stdout for scripts.</summary>
    private static int Fail(CliEnvironment env, bool json, string code, string message, int exitCode)
    {
        env.Error.WriteLine($"error: {message}");
        if (json)
        {
            var error = new { error = new { code, message, exitCode } };
            env.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(error, System.Text.Json.JsonSerializerOptions.Web));
        }

        return exitCode;
    }
}
