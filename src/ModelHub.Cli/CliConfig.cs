using System.Text.Json;

namespace ModelHub.Cli;

/// <summary>
/// The server URL in <c>config.json</c> and the token in a separate file readable only by the user (mode 600);
/// <c>MODELHUB_URL</c> and <c>MODELHUB_TOKEN</c> override both.
/// </summary>
public sealed record CliConfig(string? Url, string? Token)
{
    private sealed record Stored(string? Url);

    public static CliConfig Load(CliEnvironment env)
    {
        var configFile = Path.Combine(env.ConfigDirectory, "config.json");
        var tokenFile = Path.Combine(env.ConfigDirectory, "token");
        var url = File.Exists(configFile)
            ? JsonSerializer.Deserialize<Stored>(File.ReadAllText(configFile), JsonSerializerOptions.Web)?.Url
            : null;
        var token = File.Exists(tokenFile) ? File.ReadAllText(tokenFile).Trim() : null;
        return new CliConfig(
            env.Variables.GetValueOrDefault("MODELHUB_URL") is { Length: > 0 } envUrl ? envUrl : url,
            env.Variables.GetValueOrDefault("MODELHUB_TOKEN") is { Length: > 0 } envToken ? envToken : token);
    }

    public static void Save(CliEnvironment env, string url, string? token)
    {
        Directory.CreateDirectory(env.ConfigDirectory);
        File.WriteAllText(
            Path.Combine(env.ConfigDirectory, "config.json"), JsonSerializer.Serialize(new Stored(url), JsonSerializerOptions.Web));
        if (token is null)
        {
            return;
        }

        var tokenFile = Path.Combine(env.ConfigDirectory, "token");
        File.WriteAllText(tokenFile, "");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(tokenFile, token);
    }
}
