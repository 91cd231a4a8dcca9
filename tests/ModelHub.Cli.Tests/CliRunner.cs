using System.Text.Json;
using ModelHub.Testing;

namespace ModelHub.Cli.Tests;

/// <summary>Runs <c>modelhub</c> commands in-process against a server, with a private config folder and cache.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner(Uri? server, string? token = ServerFixture.AdminToken)
    {
        Root = Path.Combine(Path.GetTempPath(), "modelhub-cli-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
        Variables = new Dictionary<string, string?> { ["MODELHUB_URL"] = server?.ToString(), ["MODELHUB_TOKEN"] = token };
    }

    public string Root { get; }

    public string ConfigDirectory => Path.Combine(Root, "config");

    public string CacheDirectory => Path.Combine(Root, "cache");

    public Dictionary<string, string?> Variables { get; }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            ConfigDirectory = ConfigDirectory,
            Variables = Variables,
            CacheDirectory = CacheDirectory,
        };
        var exit = await CliApp.RunAsync(args, env);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, "files", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Out);
            return document.RootElement.Clone();
        }
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
