using ModelHub.Contracts.Evaluations;

namespace ModelHub.Evaluations.Scoring;

/// <summary>
/// Scores one tier's class probabilities against the given labels, row by row: the confusion matrix (given × predicted),
/// top-k hits and the cross-entropy loss, from which accuracy and per-class precision, recall and F1 follow.
/// </summary>
internal sealed class ClassificationScorer(int classes, int k)
{
    /// <summary>Larger confusion matrices are left out of results (their JSON would dwarf the rest).</summary>
    public const int MaxConfusionClasses = 100;

    private readonly long[,] _confusion = new long[classes, classes];
    private long _topHits;
    private double _lossSum;
    private long _rows;

    /// <summary>Scores one row; returns the predicted class, its probability, the label's probability and the loss.</summary>
    public RowScore Add(ReadOnlySpan<double> probabilities, int label)
    {
        var predicted = 0;
        for (var i = 1; i < probabilities.Length; i++)
        {
            if (probabilities[i] > probabilities[predicted])
            {
                predicted = i;
            }
        }

        var given = probabilities[label];
        var above = 0;
        foreach (var p in probabilities)
        {
            above += p > given ? 1 : 0;
        }

        _topHits += above < k ? 1 : 0;
        var loss = -Math.Log(Math.Max(given, 1e-12));
        _lossSum += loss;
        _confusion[label, predicted]++;
        _rows++;
        return new RowScore(predicted, probabilities[predicted], given, loss);
    }

    public TierResult Result(string tier, bool reference, IReadOnlyList<string> names, double latencyMs)
    {
        var correct = 0L;
        var metrics = new List<ClassMetrics>(classes);
        for (var c = 0; c < classes; c++)
        {
            correct += _confusion[c, c];
            long support = 0, predicted = 0;
            for (var o = 0; o < classes; o++)
            {
                support += _confusion[c, o];
                predicted += _confusion[o, c];
            }

            var precision = predicted == 0 ? 0 : (double)_confusion[c, c] / predicted;
            var recall = support == 0 ? 0 : (double)_confusion[c, c] / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            metrics.Add(new ClassMetrics(names[c], support, precision, recall, f1));
        }

        return new TierResult(tier, reference, _rows,
            Accuracy: _rows == 0 ? 0 : (double)correct / _rows,
            TopK: classes > 2 && _rows > 0 ? (double)_topHits / _rows : null,
            K: classes > 2 ? k : null,
            Classes: metrics,
            Confusion: classes <= MaxConfusionClasses ? Matrix() : null,
            MeanLoss: _rows == 0 ? null : _lossSum / _rows,
            LatencyMsPerExample: latencyMs);
    }

    private List<IReadOnlyList<long>> Matrix() =>
        [.. Enumerable.Range(0, classes).Select(r => (IReadOnlyList<long>)[.. Enumerable.Range(0, classes).Select(c => _confusion[r, c])])];
}

/// <summary>One row's verdict: the predicted class and its probability, the given label's probability, the loss.</summary>
internal readonly record struct RowScore(int Predicted, double PredictedProbability, double LabelProbability, double Loss);
