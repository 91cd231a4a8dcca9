using System.Text.RegularExpressions;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Inspection;
using ModelHub.Onnx.Smoke;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// Turns an ONNX Runtime failure into a reason an uploader can act on: ONNX Runtime's whole message (its lines joined,
/// scratch paths turned into version paths), then the input behind it — the one the message names, else the graph
/// inputs that feed the node it names — with how that input was built and the hint that would change it.
/// </summary>
public static partial class FailureExplainer
{
    private const int MaxMessage = 4000;

    public sealed record Context(OnnxModelInfo Info, GraphIndex? Graph, IReadOnlyList<PlannedInput> Inputs, ScratchPaths Paths);

    public static string Explain(Exception e, string stage, Context context)
    {
        var message = $"{stage}: {Message(e, context.Paths)}";
        var byName = context.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var named = InputNamePatterns().Matches(message).Select(m => m.Groups["name"].Value).Where(byName.ContainsKey).Distinct().ToList();
        if (named.Count > 0)
        {
            return $"{message}. Cause: {string.Join("; ", named.Select(n => Describe(byName[n])))}";
        }

        if (NodePattern().Match(message) is { Success: true } match
            && context.Graph?.InputsFeeding(match.Groups["node"].Value) is { Count: > 0 } fed)
        {
            var inputs = fed.Where(byName.ContainsKey).Select(n => byName[n]).ToList();
            var suspects = inputs.Where(IsSuspect).ToList();
            var blamed = suspects.Count > 0 ? suspects : inputs;
            var node = $"node `{match.Groups["node"].Value}` depends on {string.Join(", ", inputs.Select(i => $"`{i.Name}`"))}";
            return blamed.Count == 0 ? message : $"{message}. Cause: {node}; {string.Join("; ", blamed.Select(Describe))}";
        }

        var possible = context.Inputs.Where(IsSuspect).ToList();
        return possible.Count == 0 ? message : $"{message}. Possible causes: {string.Join("; ", possible.Select(Describe))}";
    }

    /// <summary>ONNX Runtime's whole message: every line kept (joined with "; "), scratch paths made version paths.</summary>
    public static string Message(Exception e, ScratchPaths paths)
    {
        var inner = e is TypeInitializationException { InnerException: { } cause } ? cause : e;
        var lines = inner.Message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
        var text = paths.Scrub(string.Join("; ", lines));
        return text.Length > MaxMessage ? text[..MaxMessage] + "…" : text;
    }

    /// <summary>An input whose values or dims nobody chose: a generated integer tensor of a few values, or placeholder dims.</summary>
    private static bool IsSuspect(PlannedInput input) =>
        input.Placeholders.Count > 0
        || (input.Source == SmokeInput.Synthetic && input.IsIntegral && input.Shape.Aggregate(1L, (a, b) => a * b) <= 4);

    private static string Describe(PlannedInput input)
    {
        var count = input.Shape.Aggregate(1L, (a, b) => a * b);
        var shape = input.Shape.Length == 0 ? "scalar" : $"[{string.Join(", ", input.Shape)}]";
        var placeholders = input.Placeholders.Count == 0 ? ""
            : $"; {string.Join(", ", input.Placeholders.Select(p => $"dim {p.Index} `{p.Dim}`"))} set to 1 as a placeholder";
        var (lo, hi) = input.Range;
        var origin = input.Source switch
        {
            SmokeInput.SampleSource => $"the values of sample `{input.Hint?.Sample}`",
            SmokeInput.HintedSource when input.Hint?.Values is { Count: > 0 } values =>
                $"the hinted values {string.Join(", ", values.Take(4))}",
            SmokeInput.HintedSource => $"values in the hinted range [{lo}, {hi})",
            _ when count == 1 => $"a generated value (in [{lo}, {hi}))",
            _ => $"generated values in [{lo}, {hi})",
        };
        var text = $"input `{input.Name}` ({input.ElementType} {shape}{placeholders}) got {origin}";
        return input switch
        {
            { Placeholders.Count: > 0 } => $"{text}: give its real size with smoke.inputs.{input.Name}.shape"
                + (input.Placeholders.FirstOrDefault(p => p.Dim != "?") is { } named ? $" or smoke.dims.{named.Dim}" : "")
                + ", or a sample (.npy)",
            { Source: SmokeInput.Synthetic, IsIntegral: true } when count <= 4 =>
                $"{text}: if it must be a particular value such as a sample rate, give it with smoke.inputs.{input.Name}.values",
            { Source: SmokeInput.Synthetic } => $"{text}: if the model needs real-looking data, give a sample (.npy) or a range",
            _ => $"{text}: check it against what the model expects",
        };
    }

    // "Got invalid dimensions for input: audio for the following indices", "Invalid rank for input: x Got: 3 …",
    // "Invalid input name: x", "input 'x' …".
    [GeneratedRegex(@"(?:for input:\s*'?|[Ii]nvalid input name:\s*'?|\binput '|\binput name '?)(?<name>[^'\s,;]+)")]
    private static partial Regex InputNamePatterns();

    // "Non-zero status code returned while running Reshape node. Name:'Reshape_3' Status Message: …"
    [GeneratedRegex(@"running \w+ node\. Name:'(?<node>[^']*)'")]
    private static partial Regex NodePattern();
}
