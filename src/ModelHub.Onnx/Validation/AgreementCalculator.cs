using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

public static class AgreementCalculator
{
    public static IReadOnlyList<Agreement> Compare(IReadOnlyList<SmokeOutput> reference, IReadOnlyList<SmokeOutput> variant, Tolerance tolerance)
    {
        var results = new List<Agreement>();
        for (var i = 0; i < reference.Count; i++)
        {
            var expected = reference[i];
            var actual = variant.FirstOrDefault(o => o.Name == expected.Name) ?? (i < variant.Count ? variant[i] : null);
            if (actual is null)
            {
                results.Add(new Agreement(expected.Name, double.NaN, double.NaN, false, $"output `{expected.Name}` is missing"));
                continue;
            }

            if (!expected.Shape.SequenceEqual(actual.Shape))
            {
                results.Add(new Agreement(expected.Name, double.NaN, double.NaN, false,
                    $"output `{expected.Name}` has shape [{string.Join(",", actual.Shape)}], the reference [{string.Join(",", expected.Shape)}]"));
                continue;
            }

            results.Add(Judge(expected.Name, expected.Values, actual.Values, tolerance));
        }

        return results;
    }

    public static Agreement Judge(string output, double[] expected, double[] actual, Tolerance tolerance)
    {
        double maxAbs = 0, dot = 0, normE = 0, normA = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(expected[i] - actual[i]));
            dot += expected[i] * actual[i];
            normE += expected[i] * expected[i];
            normA += actual[i] * actual[i];
        }

        var cosine = normE == 0 && normA == 0 ? 1 : normE == 0 || normA == 0 ? 0 : dot / Math.Sqrt(normE * normA);
        cosine = Math.Round(cosine, 6);
        var reasons = new List<string>();
        if (!(cosine >= tolerance.MinCosine))
        {
            reasons.Add($"cosine similarity {cosine:0.######} < {tolerance.MinCosine}");
        }

        if (tolerance.MaxAbsDiff is { } limit && !(maxAbs <= limit))
        {
            reasons.Add($"max abs diff {maxAbs:G6} > {limit}");
        }

        var reason = reasons.Count == 0 ? null : $"output `{output}`: {string.Join(", ", reasons)} (max abs diff {maxAbs:G6})";
        return new Agreement(output, maxAbs, cosine, reasons.Count == 0, reason);
    }
}
