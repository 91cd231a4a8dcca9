using System.Globalization;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Smoke;

namespace ModelHub.Onnx.Validation;

/// <summary>
/// Compares a tier's outputs with its reference's over the same input sets. Outputs must match by name and by shape at
/// every set; values are compared as one vector per output (all sets side by side), so an output of one element
/// still gives a vector of as many values as there were sets.
/// </summary>
public static class AgreementCalculator
{
    public static IReadOnlyList<Agreement> Compare(OutputSeries reference, OutputSeries tier, Tolerance tolerance, string tierName = "tier")
    {
        var results = new List<Agreement>();
        foreach (var expected in reference.Outputs)
        {
            var actual = tier.Outputs.FirstOrDefault(o => o.Name == expected.Name);
            if (actual is null)
            {
                var others = string.Join(", ", tier.Outputs.Select(o => $"`{o.Name}` {Shape(o.Shapes[0])}"));
                var missing = $"output `{expected.Name}` {Shape(expected.Shapes[0])} of the reference is missing from {tierName} "
                    + $"(its outputs: {(others.Length == 0 ? "none" : others)})";
                results.Add(Refused(expected.Name, missing, null, expected.Shapes[0]));
                continue;
            }

            // A tier run in a process of its own chose its input sets by its own outputs: the sets both ran are compared.
            var sets = Math.Min(expected.Shapes.Count, actual.Shapes.Count);
            var set = Enumerable.Range(0, sets).FirstOrDefault(s => !expected.Shapes[s].SequenceEqual(actual.Shapes[s]), -1);
            if (set >= 0)
            {
                var at = Math.Max(0, set);
                var where = at == 0 ? "" : $" at input set {at}";
                results.Add(Refused(expected.Name, $"output `{expected.Name}` has shape {Shape(actual.Shapes[at])} in {tierName} "
                    + $"and {Shape(expected.Shapes[at])} in the reference{where}", actual.Shapes[0], expected.Shapes[0]));
                continue;
            }

            var length = expected.Shapes.Take(sets).Sum(shape => shape.Aggregate(1L, (a, b) => a * b));
            var (values, tierValues) = (expected.Values.Take((int)length).ToArray(), actual.Values.Take((int)length).ToArray());
            results.Add(Judge(expected.Name, values, tierValues, tolerance) with
            {
                Shape = actual.Shapes[0],
                ReferenceShape = expected.Shapes[0],
            });
        }

        foreach (var extra in tier.Outputs.Where(o => reference.Outputs.All(r => r.Name != o.Name)))
        {
            var reason = $"{tierName} has an output `{extra.Name}` {Shape(extra.Shapes[0])} that the reference does not have";
            results.Add(Refused(extra.Name, reason, extra.Shapes[0], null));
        }

        return results;
    }

    /// <summary>Agreement of two value vectors of equal length.</summary>
    public static Agreement Judge(string output, double[] expected, double[] actual, Tolerance tolerance)
    {
        double maxAbs = 0, dot = 0, normE = 0, normA = 0, normD = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = expected[i] - actual[i];
            maxAbs = Math.Max(maxAbs, Math.Abs(difference));
            dot += expected[i] * actual[i];
            normE += expected[i] * expected[i];
            normA += actual[i] * actual[i];
            normD += difference * difference;
        }

        var cosine = normE == 0 && normA == 0 ? 1 : normE == 0 || normA == 0 ? 0 : Math.Round(dot / Math.Sqrt(normE * normA), 6);
        double? relative = normE > 0 ? Math.Round(Math.Sqrt(normD / normE), 6) : normD == 0 ? 0 : null;
        var maxRelative = tolerance.EffectiveMaxRelativeError();
        var reasons = new List<string>();
        if (!(cosine >= tolerance.MinCosine))
        {
            reasons.Add($"cosine similarity {Number(cosine)} < {Number(tolerance.MinCosine)}");
        }

        if (relative is null)
        {
            reasons.Add("the reference is all zeros and the tier is not");
        }
        else if (!(relative <= maxRelative))
        {
            reasons.Add($"relative error {Number(relative.Value)} > {Number(maxRelative)}");
        }

        if (tolerance.MaxAbsDiff is { } limit && !(maxAbs <= limit))
        {
            reasons.Add($"max abs diff {Number(maxAbs)} > {Number(limit)}");
        }

        var reason = reasons.Count == 0 ? null
            : $"output `{output}`: {string.Join(", ", reasons)} (max abs diff {Number(maxAbs)} over {expected.Length} values)";
        return new Agreement(output, maxAbs, cosine, reasons.Count == 0, reason) { RelativeError = relative, Values = expected.Length };
    }

    private static Agreement Refused(string output, string reason, IReadOnlyList<long>? shape, IReadOnlyList<long>? referenceShape) =>
        new(output, null, null, false, reason) { Shape = shape, ReferenceShape = referenceShape };

    private static string Shape(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape)}]";

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
