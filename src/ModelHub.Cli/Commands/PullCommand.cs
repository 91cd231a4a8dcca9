using System.CommandLine;
using ModelHub.Client;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

public static class PullCommand
{
    public static Option<string?> DeviceOption() => new("--device")
    {
        Description = "The device: memory=4g,ep=cpu+cuda,platform=linux,network=wifi,saveData,budget=200m,clientId=… " +
            "(default: this machine)",
    };

    public static DeviceProfile Device(string? text) =>
        text is null ? DeviceProfile.Detect() : DeviceProfile.Parse(text, DeviceProfile.Detect() with { Providers = ["cpu"] });

    public static Command Create(CliEnvironment env)
    {
        var reference = new Argument<string>("model") { Description = "owner/name, owner/name@version or owner/name:channel" };
        var device = DeviceOption();
        var output = new Option<string?>("--output", "-o") { Description = "Copy the files here (default: print their cache paths)" };
        var verify = new Option<bool>("--verify")
        {
            Description = "Hash every cached file again before using it (by default only files changed since they were verified)",
        };
        var command = new Command("pull", "Download the tier that fits this device: resumable, verified, cached.")
        {
            reference, device, output, verify,
        };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var model = ModelReference.Parse(parse.GetValue(reference)!);
            using var client = context.Client(verifyCache: parse.GetValue(verify));
            var profile = Device(parse.GetValue(device));
            var local = await context.WithProgressAsync("downloaded", progress => client.GetModelAsync(model, profile, progress, ct));
            var placed = parse.GetValue(output) is { } folder
                ? CopyTo(folder, local)
                : local.Files.ToDictionary(f => f.Key, f => f.Value);
            var manifest = local.Manifest;
            if (context.Json)
            {
                context.WriteJson(new
                {
                    version = manifest.Version,
                    variant = manifest.Variant.Name,
                    reason = manifest.Reason,
                    files = placed,
                    bytesDownloaded = local.BytesDownloaded,
                    mayBeStale = local.MayBeStale,
                });
            }

            var human = context.Human;
            human.MarkupLine($"{Markup.Escape(model.Repository)} [bold]{Markup.Escape(manifest.Version)}[/], " +
                $"tier [bold]{Markup.Escape(manifest.Variant.Name)}[/]: {Markup.Escape(manifest.Reason)}");
            var stale = local.MayBeStale ? " [yellow](offline: cached copy, may be stale)[/]" : "";
            human.MarkupLine($"{local.BytesDownloaded:N0} bytes downloaded{stale}");
            foreach (var (path, file) in placed)
            {
                human.MarkupLine($"  {Markup.Escape(path)} → {Markup.Escape(file)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Copies the files out of the cache into <paramref name="folder"/>; where each file now is, by its path.</summary>
    private static Dictionary<string, string> CopyTo(string folder, LocalModel local)
    {
        var placed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, cached) in local.Files)
        {
            var target = Path.GetFullPath(Path.Combine(folder, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(cached, target, overwrite: true);
            placed[path] = target;
        }

        return placed;
    }
}
