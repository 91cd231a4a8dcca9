namespace ModelHub.Evaluations.Suspects;

/// <summary>
/// Confident learning (Northcutt et al., "Confident Learning: Estimating Uncertainty in Dataset Labels", 2021), the rule
/// cleanlab ranks label issues by: each class's threshold is the model's average probability of that class over the rows
/// labelled with it (its self-confidence); a row is suspect when some other class reaches its own threshold while the given
/// label stays below its threshold, and the suggestion is the most probable such class. A class no row is labelled with
/// gets no threshold, so it is never suggested.
/// </summary>
public sealed class ConfidentLearning(int classes)
{
    private readonly double[] _sums = new double[classes];
    private readonly long[] _counts = new long[classes];
    private double[]? _thresholds;

    /// <summary>First pass: a row labelled <paramref name="label"/> with these probabilities.</summary>
    public void Observe(int label, ReadOnlySpan<double> probabilities)
    {
        _sums[label] += probabilities[label];
        _counts[label]++;
    }

    /// <summary>The per-class thresholds after the first pass (infinity for a class no row has).</summary>
    public IReadOnlyList<double> Thresholds => _thresholds ??=
        [.. Enumerable.Range(0, classes).Select(c => _counts[c] == 0 ? double.PositiveInfinity : _sums[c] / _counts[c])];

    /// <summary>Second pass: the suggested class and its probability when the row's label is suspect, else null.</summary>
    public (int Suggested, double Confidence)? Judge(int label, ReadOnlySpan<double> probabilities)
    {
        var thresholds = Thresholds;
        if (probabilities[label] >= thresholds[label])
        {
            return null;
        }

        var best = -1;
        for (var c = 0; c < classes; c++)
        {
            if (c != label && probabilities[c] >= thresholds[c] && (best < 0 || probabilities[c] > probabilities[best]))
            {
                best = c;
            }
        }

        return best < 0 ? null : (best, probabilities[best]);
    }
}
