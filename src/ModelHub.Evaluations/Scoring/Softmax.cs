namespace ModelHub.Evaluations.Scoring;

/// <summary>Turns a row of scores into probabilities: softmax of logits (stable: the maximum is subtracted first), or
/// given probabilities normalised to sum to 1.</summary>
internal static class Softmax
{
    public static void FromLogits(ReadOnlySpan<float> logits, Span<double> probabilities)
    {
        var max = double.NegativeInfinity;
        foreach (var value in logits)
        {
            max = Math.Max(max, value);
        }

        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] = Math.Exp(logits[i] - max);
            sum += probabilities[i];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] /= sum;
        }
    }

    public static void FromProbabilities(ReadOnlySpan<float> scores, Span<double> probabilities)
    {
        var sum = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            probabilities[i] = Math.Max(0, double.IsFinite(scores[i]) ? scores[i] : 0);
            sum += probabilities[i];
        }

        for (var i = 0; i < scores.Length; i++)
        {
            probabilities[i] = sum > 0 ? probabilities[i] / sum : 1.0 / scores.Length;
        }
    }
}
