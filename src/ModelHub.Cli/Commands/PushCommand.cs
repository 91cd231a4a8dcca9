using System.CommandLine;
using System.Globalization;
using ModelHub.Client;
using ModelHub.Contracts;
using ModelHub.Contracts.Channels;
using ModelHub.Contracts.Repositories;
using ModelHub.Contracts.Versions;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub push</c> (model files and tiers) and <c>modelhub push-dataset</c> (a folder).</summary>
public static class PushCommand
{
    public static Command Create(CliEnvironment env, bool dataset)
    {
        var repository = new Argument<string>("repository") { Description = "owner/name" };
        var version = new Argument<string>("version") { Description = "The version tag, e.g. 1.2.0" };
        var directory = new Argument<string>("directory") { Description = "The folder whose files (recursively) make the version" };
        var files = new Option<string[]>("--file")
        {
            Description = "A file to include (repeatable)",
            AllowMultipleArgumentsPerToken = true,
        };
        var variants = new Option<string[]>("--variant") { Description = "A tier: name=file (repeatable; the first is the reference)" };
        var providers = new Option<string[]>("--providers")
        {
            Description = "The execution providers a tier is meant for: name=cpu+wasm (repeatable; default: runs anywhere)",
        };
        var tierFacts = TierFacts.Options();
        var tolerance = new Option<string?>("--tolerance")
        {
            Description = "How close every tier must stay to the reference: minCosine=0.99,maxAbsDiff=0.05",
        };
        var card = new Option<string?>("--card") { Description = "A Markdown file to use as the repository card" };
        var hints = new Option<string[]>("--smoke-hint") { Description = "A smoke-run input value: input=value[;value…] (repeatable)" };
        var dims = new Option<string[]>("--smoke-dim") { Description = "A symbolic dim size: name=size (repeatable)" };
        var datasets = new Option<string[]>("--dataset")
        {
            Description = "Lineage: a dataset version it was trained on, owner/name@version (repeatable)",
        };
        var channel = new Option<string?>("--channel") { Description = "Move this channel to the version once it is published" };
        var notes = new Option<string?>("--notes") { Description = "Release notes" };
        var noWait = new Option<bool>("--no-wait") { Description = "Do not wait for validation" };
        var command = dataset
            ? new Command("push-dataset", "Push a folder as a dataset version.") { repository, version, directory, card, notes }
            : new Command("push", "Push model files as a version; waits for validation and prints its report.")
            {
                repository, version, files, variants, providers, tierFacts.Precision, tierFacts.Memory, tierFacts.Quality, tolerance, card,
                datasets, hints, dims, channel, notes, noWait,
            };
        command.SetAction((parse, ct) => CliApp.RunCommandAsync(env, parse, async context =>
        {
            var repo = RepositoryReference.Parse(parse.GetValue(repository)!).Repository;
            var kind = dataset ? RepositoryKinds.Datasets : RepositoryKinds.Models;
            List<PushVariant>? tiers = null;
            var map = dataset
                ? FolderFiles(parse.GetValue(directory)!)
                : ModelFiles(parse.GetValue(files) ?? [], parse.GetValue(variants) ?? [], parse.GetValue(providers) ?? [], out tiers);
            tiers = dataset ? null : tierFacts.Apply(parse, tiers);
            using var client = context.Client();
            await EnsureRepositoryAsync(client, kind, repo, parse.GetValue(card), ct);
            var request = new PushRequest(repo, parse.GetValue(version)!, map)
            {
                Kind = kind,
                Notes = parse.GetValue(notes),
                Variants = tiers,
                Datasets = dataset ? null : parse.GetValue(datasets),
                SmokeValues = dataset ? null : Pairs(parse.GetValue(hints)).ToDictionary(p => p.Key, p => SmokeValues(p.Value)),
                SmokeDims = dataset ? null : Pairs(parse.GetValue(dims)).ToDictionary(p => p.Key, p => DimSize(p.Value)),
                Tolerance = dataset ? null : TierFacts.Tolerance(parse.GetValue(tolerance)),
            };
            var wait = !parse.GetValue(noWait);
            var result = await context.WithProgressAsync("uploaded", progress => client.PushAsync(request, progress, wait, ct));
            if (result.State == VersionStates.Published && parse.GetValue(channel) is { } target)
            {
                await client.MoveChannelAsync(repo, target, new MoveChannelRequest(request.Version), ct);
            }

            PushReport.Write(context, result);
            return result.State == VersionStates.Rejected ? ExitCodes.Rejected : ExitCodes.Success;
        }));
        return command;
    }

    private static async Task EnsureRepositoryAsync(ModelHubClient client, string kind, string repo, string? card, CancellationToken ct)
    {
        try
        {
            await client.GetRepositoryAsync(repo, kind, ct);
        }
        catch (ModelHubException e) when (e.Code == ErrorCodes.RepositoryNotFound)
        {
            var parts = repo.Split('/');
            await client.CreateRepositoryAsync(new CreateRepositoryRequest(parts[0], parts[1], null, null, null, null), kind, ct);
        }

        if (card is not null)
        {
            var update = new UpdateRepositoryRequest(null, await File.ReadAllTextAsync(card, ct), null, null);
            await client.UpdateRepositoryAsync(repo, update, kind, ct);
        }
    }

    private static long DimSize(string value) => long.Parse(value, CultureInfo.InvariantCulture);

    private static IReadOnlyList<double> SmokeValues(string values) =>
        values.Split(';').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();

    private static Dictionary<string, string> ModelFiles(
        string[] files, string[] variants, string[] providers, out List<PushVariant>? tiers)
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

            var names = list.Split('+', ',').Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).ToList();
            tiers[index] = tiers[index] with { Providers = names };
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

    internal static IEnumerable<KeyValuePair<string, string>> Pairs(string[]? values) => (values ?? []).Select(v =>
    {
        var at = v.IndexOf('=');
        return at > 0 ? new KeyValuePair<string, string>(v[..at], v[(at + 1)..]) : throw new CliUsageException($"'{v}' is not name=value.");
    });
}
