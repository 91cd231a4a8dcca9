using System.CommandLine;
using System.Text.Json;
using ModelHub.Client;
using Spectre.Console;

namespace ModelHub.Cli.Commands;

public static class PushCommand
{
    public static Command Create(CliEnvironment env, bool dataset)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var version = new Argument<string>("version") { Description = "The version tag, e.g. 1.2.0" };
        var directory = new Argument<string>("directory") { Description = "The folder whose files (recursively) make the version" };
        var files = new Option<string[]>("--file") { Description = "A file to include (repeatable)", AllowMultipleArgumentsPerToken = true };
        var variants = new Option<string[]>("--variant") { Description = "A tier: name=file (repeatable; the first is the reference)" };
        var providers = new Option<string[]>("--providers") { Description = "The execution providers a tier is meant for: name=cpu+wasm (repeatable; default: runs anywhere)" };
        var card = new Option<string?>("--card") { Description = "A Markdown file to use as the repository card" };
        var hints = new Option<string[]>("--smoke-hint") { Description = "A smoke-run input value: input=value[;value…] (repeatable)" };
        var dims = new Option<string[]>("--smoke-dim") { Description = "A symbolic dim size: name=size (repeatable)" };
        var datasets = new Option<string[]>("--dataset") { Description = "Lineage: a dataset version it was trained on, owner/name@version (repeatable)" };
        var channel = new Option<string?>("--channel") { Description = "Move this channel to the version once it is published" };
        var notes = new Option<string?>("--notes") { Description = "Release notes" };
        var noWait = new Option<bool>("--no-wait") { Description = "Do not wait for validation" };
        var command = dataset
            ? new Command("push-dataset", "Push a folder as a dataset version.") { repository, version, directory, card, notes }
            : new Command("push", "Push model files as a version; waits for validation and prints its report.") { repository, version, files, variants, providers, card, datasets, hints, dims, channel, notes, noWait };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var repo = ModelReference.Parse(parse.GetValue(repository)!).Repository;
            var kind = dataset ? "datasets" : "models";
            List<PushVariant>? tiers = null;
            var map = dataset ? FolderFiles(parse.GetValue(directory)!) : ModelFiles(parse.GetValue(files) ?? [], parse.GetValue(variants) ?? [], parse.GetValue(providers) ?? [], out tiers);
            using var client = context.Client();
            await EnsureRepositoryAsync(client, kind, repo, parse.GetValue(card), ct);
            var request = new PushRequest(repo, parse.GetValue(version)!, map)
            {
                Kind = kind,
                Notes = parse.GetValue(notes),
                Variants = tiers,
                Datasets = dataset ? null : parse.GetValue(datasets),
                SmokeValues = dataset ? null : Pairs(parse.GetValue(hints)).ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value.Split(';').Select(double.Parse).ToList()),
                SmokeDims = dataset ? null : Pairs(parse.GetValue(dims)).ToDictionary(p => p.Key, p => long.Parse(p.Value)),
            };
            var result = await context.WithProgressAsync("uploaded", progress => client.PushAsync(request, progress, !parse.GetValue(noWait), ct));
            if (result.State == "published" && parse.GetValue(channel) is { } target)
            {
                await client.SendJsonAsync(HttpMethod.Put, $"/v1/models/{repo}/channels/{target}", new { version = request.Version }, ct);
            }

            Report(context, result);
            return result.State == "rejected" ? ExitCodes.Rejected : ExitCodes.Success;
        }));
        return command;
    }

    private static void Report(CliContext context, PushResult result)
    {
        if (context.Json)
        {
            context.WriteJson(new { state = result.State, reason = result.Reason, bytesUploaded = result.BytesUploaded, blobsSkipped = result.BlobsSkipped, version = result.Version });
        }

        var human = context.Human;
        human.MarkupLine($"{Markup.Escape(result.Version.GetProperty("repository").GetString()!)} {Markup.Escape(result.Version.GetProperty("version").GetString()!)}: " +
            $"[bold]{result.State}[/] ({result.BytesUploaded:N0} bytes uploaded, {result.BlobsSkipped} blob(s) already on the server)");
        if (result.Version.TryGetProperty("validation", out var report) && report.ValueKind == JsonValueKind.Object)
        {
            var table = new Table().AddColumns("file", "tier", "status", "precision", "latency", "agreement / reason");
            foreach (var file in report.GetProperty("files").EnumerateArray())
            {
                var agreement = file.TryGetProperty("agreement", out var a) && a.ValueKind == JsonValueKind.Array
                    ? string.Join("; ", a.EnumerateArray().Select(x => $"{x.GetProperty("output").GetString()}: cos {x.GetProperty("cosine").GetDouble():0.#####}, max |Δ| {x.GetProperty("maxAbsDiff").GetDouble():0.####}"))
                    : "";
                table.AddRow(Markup.Escape(file.GetProperty("path").GetString()!), Markup.Escape(file.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : ""),
                    file.GetProperty("status").GetString()!, file.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.Object ? m.GetProperty("precision").GetString()! : "",
                    file.TryGetProperty("smoke", out var s) && s.ValueKind == JsonValueKind.Object ? $"{s.GetProperty("medianLatencyMs").GetDouble():0.##} ms" : "",
                    Markup.Escape(file.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : agreement));
            }

            human.Write(table);
        }
    }

    private static async Task EnsureRepositoryAsync(ModelHubClient client, string kind, string repo, string? card, CancellationToken ct)
    {
        try
        {
            await client.GetJsonAsync($"/v1/{kind}/{repo}", ct);
        }
        catch (ModelHubException e) when (e.Code == "repository_not_found")
        {
            var parts = repo.Split('/');
            await client.SendJsonAsync(HttpMethod.Post, $"/v1/{kind}", new { owner = parts[0], name = parts[1] }, ct);
        }

        if (card is not null)
        {
            await client.SendJsonAsync(HttpMethod.Patch, $"/v1/{kind}/{repo}", new { card = await File.ReadAllTextAsync(card, ct) }, ct);
        }
    }

    private static Dictionary<string, string> ModelFiles(string[] files, string[] variants, string[] providers, out List<PushVariant>? tiers)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            map[Path.GetFileName(file)] = Exists(file);
        }

        tiers = [];
        foreach (var (name, file) in Pairs(variants))
        {
            map[Path.GetFileName(file)] = Exists(file);
            tiers.Add(new PushVariant(name, Path.GetFileName(file), Reference: tiers.Count == 0));
        }

        foreach (var (name, list) in Pairs(providers))
        {
            var index = tiers.FindIndex(t => t.Name == name);
            if (index < 0)
            {
                throw new CliUsageException($"--providers names '{name}', which is not a --variant.");
            }

            tiers[index] = tiers[index] with { Providers = list.Split('+', ',').Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).ToList() };
        }

        if (map.Count == 0)
        {
            throw new CliUsageException("Nothing to push: give --file or --variant.");
        }

        tiers = tiers.Count == 0 ? null : tiers;
        return map;
    }

    private static Dictionary<string, string> FolderFiles(string folder)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new CliUsageException($"'{folder}' is not a folder.");
        }

        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => f, StringComparer.Ordinal);
    }

    private static string Exists(string file) => File.Exists(file) ? file : throw new CliUsageException($"'{file}' does not exist.");

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string[]? values) => (values ?? []).Select(v =>
    {
        var at = v.IndexOf('=');
        return at > 0 ? new KeyValuePair<string, string>(v[..at], v[(at + 1)..]) : throw new CliUsageException($"'{v}' is not name=value.");
    });
}
