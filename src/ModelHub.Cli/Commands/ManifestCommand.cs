using System.CommandLine;
using System.Text.Json;
using ModelHub.Client;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

public static class ManifestCommand
{
    public static Command Create(CliEnvironment env)
    {
        var reference = new Argument<string>("model") { Description = "owner/name, owner/name@version or owner/name:channel" };
        var device = PullCommand.DeviceOption();
        var command = new Command("manifest", "Show which tier a device would get, and why.") { reference, device };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var model = ModelReference.Parse(parse.GetValue(reference)!);
            using var client = context.Client();
            var manifest = await client.ResolveAsync(model, PullCommand.Device(parse.GetValue(device)), ct);
            if (context.Json)
            {
                // The manifest as served, plus allFiles (what a pull downloads), which this command has always printed.
                var json = JsonSerializer.SerializeToNode(manifest, JsonSerializerOptions.Web)!.AsObject();
                json["allFiles"] = JsonSerializer.SerializeToNode(manifest.AllFiles, JsonSerializerOptions.Web);
                context.WriteJson(json);
            }

            var human = context.Human;
            var variant = manifest.Variant;
            human.MarkupLine($"{Markup.Escape(manifest.Model)} {Markup.Escape(manifest.Version)} → " +
                $"[bold]{Markup.Escape(variant.Name)}[/] ({variant.Precision}, {variant.Size:N0} bytes)");
            human.MarkupLine(Markup.Escape(manifest.Reason));
            foreach (var fallback in manifest.Fallbacks)
            {
                human.MarkupLine($"  fallback: {Markup.Escape(fallback.Name)}");
            }

            foreach (var excluded in manifest.Excluded)
            {
                human.MarkupLine($"  excluded: {Markup.Escape(excluded.Variant)} {Markup.Escape(excluded.Reason)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
