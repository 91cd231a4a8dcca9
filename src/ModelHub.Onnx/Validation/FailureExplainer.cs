using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

/// <summary>Turns an ONNX Runtime failure into a reason an uploader can act on, pointing at inputs that probably need a smoke hint.</summary>
public static class FailureExplainer
{
    private static readonly HashSet<string> IntegerTypes = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"];

    public static string Explain(Exception e, OnnxModelInfo info, SmokeSettings settings)
    {
        var message = FirstLine(e.Message);
        var stage = e.Message.Contains("Load model", StringComparison.OrdinalIgnoreCase) || e is TypeInitializationException
            ? "ONNX Runtime could not load the model"
            : "the smoke run failed";
        var hints = new List<string>();
        foreach (var input in info.Inputs.Where(i => settings.Inputs?.ContainsKey(i.Name) != true))
        {
            var small = input.Shape.Count == 0 || (input.Shape.Count == 1 && input.Shape[0] == "1");
            if (IntegerTypes.Contains(input.ElementType) && small)
            {
                hints.Add($"input `{input.Name}` ({input.ElementType} scalar) got a generated value: if it must be a particular value such as a sample rate, give a smoke hint");
            }
        }

        var symbols = info.Inputs.SelectMany(i => i.Shape).Where(d => !long.TryParse(d, out _) && settings.Dims?.ContainsKey(d) != true).Distinct().ToList();
        if (symbols.Count > 0 && hints.Count == 0)
        {
            hints.Add($"symbolic dims {string.Join(", ", symbols.Select(s => $"`{s}`"))} were set to 1: give their sizes in smoke hints if the model needs others");
        }

        return hints.Count == 0 ? $"{stage}: {message}" : $"{stage}: {message}. {string.Join("; ", hints)}";
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 400 ? line[..400] + "…" : line;
    }
}
