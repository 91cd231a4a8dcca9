using System.CommandLine;
using ModelHub.Client;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

public static class PullCommand
{
    public static Option<string?> DeviceOption() =>
        new("--device") { Description = "The device: memory=4g,ep=cpu+cuda,platform=linux,network=wifi,saveData,budget=200m,clientId=… (default: this machine)" };

    public static DeviceProfile Device(string? text) => text is null ? DeviceProfile.Detect() : DeviceProfile.Parse(text, DeviceProfile.Detect() with { Providers = ["cpu"] });

    public static Command Create(CliEnvironment env)
    {
        var reference = new Argument<string>("model") { Description = "owner/name, owner/name@version or owner/name:channel" };
        var device = DeviceOption();
        var output = new Option<string?>("--output", "-o") { Description = "Copy the files here (default: print their cache paths)" };
        var command = new Command("pull", "Download the tier that fits this device: resumable, verified, cached.") { reference, device, output };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var model = ModelReference.Parse(parse.GetValue(reference)!);
            using var client = context.Client();
            var local = await context.WithProgressAsync("downloaded", progress => client.GetModelAsync(model, Device(parse.GetValue(device)), progress, ct));
            var placed = local.Files.ToDictionary(f => f.Key, f => f.Value);
            if (parse.GetValue(output) is { } folder)
            {
                foreach (var (path, cached) in local.Files)
                {
                    var target = Path.Combine(folder, path);
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                    File.Copy(cached, target, overwrite: true);
                    placed[path] = Path.GetFullPath(target);
                }
            }

            if (context.Json)
            {
                context.WriteJson(new { version = local.Manifest.Version, variant = local.Manifest.Variant.Name, reason = local.Manifest.Reason, files = placed, bytesDownloaded = local.BytesDownloaded, mayBeStale = local.MayBeStale });
            }

            var human = context.Human;
            human.MarkupLine($"{Markup.Escape(model.Repository)} [bold]{Markup.Escape(local.Manifest.Version)}[/], tier [bold]{Markup.Escape(local.Manifest.Variant.Name)}[/]: {Markup.Escape(local.Manifest.Reason)}");
            human.MarkupLine($"{local.BytesDownloaded:N0} bytes downloaded{(local.MayBeStale ? " [yellow](offline: cached copy, may be stale)[/]" : "")}");
            foreach (var (path, file) in placed)
            {
                human.MarkupLine($"  {Markup.Escape(path)} → {Markup.Escape(file)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
