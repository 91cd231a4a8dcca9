using System.CommandLine;
using System.Globalization;
using ModelHub.Client;
using ModelHub.Contracts;
using ModelHub.Contracts.Validation;

namespace ModelHub.Cli.Commands;

/// <summary>
/// What <c>modelhub push</c> can declare per tier (<c>--precision int8=int8</c>, <c>--memory int8=512m</c>,
/// <c>--quality int8=0.8</c>) and the tolerance every tier is held to (<c>--tolerance minCosine=0.99</c>).
/// </summary>
public sealed record TierFacts(Option<string[]> Precision, Option<string[]> Memory, Option<string[]> Quality)
{
    public static TierFacts Options() => new(
        new Option<string[]>("--precision") { Description = "A tier's precision: name=fp16 (repeatable; default: detected)" },
        new Option<string[]>("--memory") { Description = "The memory a tier needs: name=512m (repeatable; default: measured)" },
        new Option<string[]>("--quality") { Description = "A tier's quality, higher preferred: name=0.9 (repeatable)" });

    /// <summary>The tiers with what the options declare for them; a name that is not a --variant is a usage error.</summary>
    public List<PushVariant>? Apply(ParseResult parse, List<PushVariant>? tiers)
    {
        var list = tiers ?? [];
        List<PushVariant> Set(string option, string name, Func<PushVariant, PushVariant> change)
        {
            var index = list.FindIndex(t => t.Name == name);
            if (index < 0)
            {
                throw new CliUsageException($"{option} names '{name}', which is not a --variant.");
            }

            list[index] = change(list[index]);
            return list;
        }

        foreach (var (name, value) in PushCommand.Pairs(parse.GetValue(Precision)))
        {
            Set("--precision", name, t => t with { Precision = value.Trim().ToLowerInvariant() });
        }

        foreach (var (name, value) in PushCommand.Pairs(parse.GetValue(Memory)))
        {
            var megabytes = Sizes.TryParse(value, Sizes.MiB, out var bytes) && bytes >= Sizes.MiB ? bytes / Sizes.MiB
                : throw new CliUsageException($"--memory {name}={value}: not a size of at least a megabyte such as 512m or 2g.");
            Set("--memory", name, t => t with { MinMemoryMb = megabytes });
        }

        foreach (var (name, value) in PushCommand.Pairs(parse.GetValue(Quality)))
        {
            Set("--quality", name, t => t with { Quality = Number("--quality", value) });
        }

        return list.Count == 0 ? null : list;
    }

    /// <summary>Parses <c>minCosine=0.99,maxAbsDiff=0.05</c>; null when not given.</summary>
    public static Tolerance? Tolerance(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var tolerance = new Tolerance();
        var pairs = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (key, value) in PushCommand.Pairs(pairs))
        {
            var number = Number("--tolerance", value);
            tolerance = key.ToLowerInvariant() switch
            {
                "mincosine" => tolerance with { MinCosine = number },
                "maxabsdiff" => tolerance with { MaxAbsDiff = number },
                _ => throw new CliUsageException($"--tolerance: '{key}' is not minCosine or maxAbsDiff."),
            };
        }

        return tolerance;
    }

    private static double Number(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new CliUsageException($"{option}: '{value}' is not a number.");
}
