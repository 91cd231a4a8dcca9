using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ModelHub.Client;
using ModelHub.Contracts;
using ModelHub.Contracts.Validation;

namespace ModelHub.Cli.Commands;

/// <summary>
/// Every smoke hint the API takes, from the command line: <c>--smoke hints.json</c> (the API's <c>smoke</c> object) and
/// short flags laid over it. A flag's name may end in <c>@scope</c> — a file of the version (<c>x@det.onnx</c>) or a tier
/// (<c>x@int8</c>) — so inputs that share a name across files are hinted apart. Shapes keep the model's own dim at
/// <c>_</c>, so an unnamed <c>?</c> dim is sized by its position: <c>--smoke-shape sr=_</c>, <c>x=1,3,_,_</c>.
/// </summary>
public sealed record SmokeOptions(
    Option<string?> File, Option<string[]> Dims, Option<string[]> Values, Option<string[]> Shapes, Option<string[]> Ranges,
    Option<string[]> Samples, Option<string?> Memory)
{
    public static SmokeOptions Create() => new(
        new Option<string?>("--smoke") { Description = "A JSON file of smoke hints, shaped like the API's `smoke` object" },
        new Option<string[]>("--smoke-dim") { Description = "A symbolic dim's size: name[@scope]=size (repeatable)" },
        new Option<string[]>("--smoke-hint")
        {
            Description = "An input's values, repeated to fill it: input[@scope]=v[;v…] (repeatable)",
        },
        new Option<string[]>("--smoke-shape")
        {
            Description = "An input's whole shape, _ keeping the model's dim: input[@scope]=1,3,640,640 (repeatable)",
        },
        new Option<string[]>("--smoke-range") { Description = "Random values in [min, max): input[@scope]=min:max (repeatable)" },
        new Option<string[]>("--smoke-sample")
        {
            Description = "A .npy tensor fed to an input, pushed with the version: input[@scope]=file.npy (repeatable)",
        },
        new Option<string?>("--validation-memory")
        {
            Description = "The memory cap to validate with, up to the server's maximum: 4g, 3072m",
        });

    public IEnumerable<Option> All => [File, Dims, Values, Shapes, Ranges, Samples, Memory];

    /// <summary>The limits asked for, or null.</summary>
    public ValidationLimits? Limits(ParseResult parse) => parse.GetValue(Memory) is { } text
        ? new ValidationLimits((int)(Sizes.TryParse(text, Sizes.MiB, out var bytes) && bytes >= Sizes.MiB ? bytes / Sizes.MiB
            : throw new CliUsageException($"--validation-memory {text}: not a size of at least a megabyte such as 3072m or 4g.")))
        : null;

    /// <summary>
    /// The hints the options give, or null. Sample files are added to <paramref name="files"/> (by file name) so they
    /// travel with the version; scopes must name a file of <paramref name="files"/> or one of <paramref name="tiers"/>.
    /// </summary>
    public SmokeSettings? Build(ParseResult parse, Dictionary<string, string> files, IReadOnlyList<PushVariant>? tiers)
    {
        var settings = parse.GetValue(File) is { } path ? Read(path) : SmokeSettings.None;
        var builder = new SmokeBuilder(settings, files, tiers?.Select(t => t.Name).ToHashSet(StringComparer.Ordinal) ?? []);
        foreach (var (name, value) in PushCommand.Pairs(parse.GetValue(Dims)))
        {
            builder.Dim(name, long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size > 0
                ? size : throw new CliUsageException($"--smoke-dim {name}={value}: not a size ≥ 1."));
        }

        foreach (var (name, value) in PushCommand.Pairs(parse.GetValue(Values)))
        {
            builder.Input(name, new SmokeHint(Values: value.Split(';').Select(v => Number("--smoke-hint", v)).ToList()));
        }

        foreach (var (name, value) in PushCommand.Pairs(parse.GetValue(Shapes)))
        {
            builder.Input(name, new SmokeHint(Shape: value.Split(',').Select(Dim).ToList()));
        }

        foreach (var (name, value) in PushCommand.Pairs(parse.GetValue(Ranges)))
        {
            var bounds = value.Split(':');
            builder.Input(name, bounds.Length == 2
                ? new SmokeHint(Min: Bound(bounds[0]), Max: Bound(bounds[1]))
                : throw new CliUsageException($"--smoke-range {name}={value}: give min:max (either may be empty)."));
        }

        foreach (var (name, value) in PushCommand.Pairs(parse.GetValue(Samples)))
        {
            builder.Input(name, new SmokeHint(Sample: builder.AddSample(value)));
        }

        return builder.Result();
    }

    private static SmokeSettings Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SmokeSettings>(System.IO.File.ReadAllText(path), ValidationJson.Options)
                ?? throw new CliUsageException($"--smoke {path}: the file holds null.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new CliUsageException($"--smoke {path}: {e.Message}");
        }
    }

    private static long? Dim(string text) => text.Trim() is "_" or "null" ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size >= 0 ? size
        : throw new CliUsageException($"--smoke-shape: '{text}' is not a size ≥ 0 or _ (the model's own dim).");

    private static double? Bound(string text) => text.Trim().Length == 0 ? null : Number("--smoke-range", text);

    private static double Number(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new CliUsageException($"{option}: '{value}' is not a number.");
}
