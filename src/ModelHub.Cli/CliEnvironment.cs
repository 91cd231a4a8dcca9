using Spectre.Console;

namespace ModelHub.Cli;

/// <summary>Everything a command touches outside itself, so tests can run commands in-process.</summary>
public sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required string ConfigDirectory { get; init; }
    public IReadOnlyDictionary<string, string?> Variables { get; init; } = new Dictionary<string, string?>();
    public bool Interactive { get; init; }
    public string? CacheDirectory { get; init; }
    public HttpMessageHandler? Handler { get; init; }

    public IAnsiConsole ErrorConsole => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Error),
        Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
        Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
    });

    public static CliEnvironment FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        ConfigDirectory = Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "modelhub"),
        Variables = new Dictionary<string, string?>
        {
            ["MODELHUB_URL"] = Environment.GetEnvironmentVariable("MODELHUB_URL"),
            ["MODELHUB_TOKEN"] = Environment.GetEnvironmentVariable("MODELHUB_TOKEN"),
            ["MODELHUB_DEBUG"] = Environment.GetEnvironmentVariable("MODELHUB_DEBUG"),
        },
        Interactive = !Console.IsErrorRedirected,
    };
}
