using System.Diagnostics;
using ModelHub.Contracts.Evaluations;
using ModelHub.Evaluations.Inputs;
using ModelHub.Evaluations.Isolation;
using ModelHub.Evaluations.Scoring;
using ModelHub.Evaluations.Suspects;
using ModelHub.Evaluations.Tables;

namespace ModelHub.Evaluations;

/// <summary>
/// The state of one evaluation while it reads rows: the batch being filled (input buffers, its rows and labels), each
/// tier's scorer, the predictions file and the reference tier's suspect finder.
/// </summary>
internal sealed class EvaluationRun : IDisposable
{
    /// <summary>Rows read per query: a materialised row group, so each query reads one or two groups.</summary>
    private const int PageRows = 8192;

    private readonly EvaluationWork _work;
    private readonly OutputMeaning _output;
    private readonly bool _classification;
    private readonly List<TierRunner> _runners;
    private readonly List<InputPlan> _plans;
    private readonly RowColumns _columns;
    private readonly int _batch;
    private readonly bool _fixedBatch;
    private readonly float[][] _buffers;
    private readonly List<object?[]> _rows = [];
    private readonly List<double> _labels = [];
    private readonly int _labelPosition;
    private readonly int? _keyPosition;
    private readonly IReadOnlyList<string> _names = [];
    private readonly Dictionary<string, int> _classIndex = new(StringComparer.Ordinal);
    private readonly ClassificationScorer[] _classifiers = [];
    private readonly RegressionScorer[] _regressors = [];
    private readonly SuspectFinder? _suspects;
    private readonly PredictionsWriter _predictions;
    private readonly EvaluationTimings _timings;
    private long _skipped;
    private string? _skipReason;

    private EvaluationRun(EvaluationWork work, List<TierRunner> runners, EvaluationTimings timings)
    {
        _work = work;
        _timings = timings;
        _output = work.Spec.Output!;
        _classification = _output.Task == EvaluationTerms.Classification;
        _runners = [.. runners.OrderByDescending(r => r.Tier.Reference)];
        var reference = _runners[0].Session;
        _columns = new RowColumns();
        _plans = EvaluationEngine.PlanInputs(work, reference, _columns);
        var fixedBatch = reference.InputMetadata[_plans[0].Name].Dimensions[0];
        _fixedBatch = fixedBatch > 0;
        _batch = _fixedBatch ? fixedBatch : work.Spec.BatchSize ?? EvaluationEngine.DefaultBatchSize;
        _buffers = [.. _plans.Select(p => new float[_batch * p.Elements])];
        _keyPosition = work.Key is { } key ? _columns.Text(key) : null;
        if (_classification)
        {
            _labelPosition = _columns.Text(_output.Label!);
            var outputName = _output.Name ?? reference.OutputNames[0];
            _names = EvaluationEngine.ClassNames(_output, reference, outputName);
            for (var i = 0; i < _names.Count; i++)
            {
                _classIndex[_names[i]] = i;
            }

            _classifiers = [.. _runners.Select(_ => EvaluationEngine.Scorer(_output, _names.Count))];
            _suspects = EvaluationEngine.Suspects(_names, work.ScratchDirectory);
        }
        else
        {
            _labelPosition = _columns.Number(_output.Target!);
            _regressors = [.. _runners.Select(_ => new RegressionScorer())];
        }

        _predictions = new PredictionsWriter(work.ScratchDirectory, EvaluationEngine.PredictionColumns(_classification));
    }

    public static EvaluationRun Create(EvaluationWork work, List<TierRunner> runners, EvaluationTimings timings) =>
        new(work, runners, timings);

    public async Task<EvaluationOutcome> ExecuteAsync(Action<long, long>? progress, CancellationToken cancellationToken)
    {
        var since = Stopwatch.GetTimestamp();
        using var pager = await RowPager.OpenAsync(_work.Table, _work.ScratchDirectory, _work.MemoryLimitMb, _work.Spec.Filter,
            _columns.Select, cancellationToken);
        var total = await pager.CountAsync(cancellationToken);
        var read = 0L;
        progress?.Invoke(0, total);
        List<object?[]> page;
        while ((page = await pager.NextAsync(Math.Max(_batch, PageRows), cancellationToken)).Count > 0)
        {
            _timings.Add(EvaluationStep.Rows, since);
            foreach (var row in page)
            {
                Take(row);
            }

            read += page.Count;
            progress?.Invoke(read, total);
            since = Stopwatch.GetTimestamp();
        }

        _timings.Add(EvaluationStep.Rows, since);
        Flush();
        since = Stopwatch.GetTimestamp();
        await _predictions.CompleteAsync(_work.Predictions, _work.ScratchDirectory, _work.MemoryLimitMb, cancellationToken);
        _timings.Add(EvaluationStep.Parquet, since);
        since = Stopwatch.GetTimestamp();
        IReadOnlyList<TierResult> tiers = _classification
            ? [.. _runners.Select((r, i) => _classifiers[i].Result(r.Tier.Name, r.Tier.Reference, _names, r.LatencyMsPerExample))]
            : [.. _runners.Select((r, i) => _regressors[i].Result(r.Tier.Name, r.Tier.Reference, r.LatencyMsPerExample))];
        var (judged, gate) = AccuracyGate.Apply(tiers, _work.Spec.MaxAccuracyDrop);
        var (suspectCount, suspects) = _suspects?.Find(_work.MaxSuspects) ?? (0, []);
        _timings.Add(EvaluationStep.Results, since);
        return new EvaluationOutcome(read - _skipped, _skipped, judged, gate, suspectCount, suspects, _skipReason);
    }

    public void Dispose()
    {
        _predictions.Dispose();
        _suspects?.Dispose();
    }

    private void Take(object?[] row)
    {
        double label;
        if (_classification)
        {
            if (row[_labelPosition] is not string text || !_classIndex.TryGetValue(text, out var index))
            {
                Skip($"label '{row[_labelPosition]}' is not one of the classes");
                return;
            }

            label = index;
        }
        else if (row[_labelPosition] is double target)
        {
            label = target;
        }
        else
        {
            Skip("the target is missing");
            return;
        }

        var since = Stopwatch.GetTimestamp();
        for (var p = 0; p < _plans.Count; p++)
        {
            var size = _plans[p].Elements;
            if (_plans[p].Fill(row, _buffers[p].AsSpan(_rows.Count * size, size)) is { } reason)
            {
                Skip(reason);
                return;
            }
        }

        _timings.Add(EvaluationStep.Inputs, since);
        _rows.Add(row);
        _labels.Add(label);
        if (_rows.Count == _batch)
        {
            Flush();
        }
    }

    private void Flush()
    {
        var count = _rows.Count;
        if (count == 0)
        {
            return;
        }

        // A model with a fixed batch dim runs full batches: the tail of a short one is padding, read by no one.
        var run = _fixedBatch ? _batch : count;
        var names = _plans.Select(p => p.Name).ToList();
        var values = _plans.Select((p, i) => p.Tensor(run == _batch ? _buffers[i] : _buffers[i][..(run * p.Elements)], run)).ToList();
        try
        {
            for (var t = 0; t < _runners.Count; t++)
            {
                var since = Stopwatch.GetTimestamp();
                var scores = _runners[t].Run(names, values, count);
                _timings.Add(EvaluationStep.Inference, since);
                Score(t, scores, run);
            }
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }

        _rows.Clear();
        _labels.Clear();
    }

    private void Score(int tier, float[] scores, int run)
    {
        var runner = _runners[tier];
        var width = _classification ? _names.Count : 1;
        if (scores.Length != run * width)
        {
            throw new EvaluationException(
                $"Tier {runner.Tier.Name} gave {scores.Length} values for {run} examples; expected {width} each.");
        }

        var probabilities = new double[width];
        for (var i = 0; i < _rows.Count; i++)
        {
            var row = _rows[i];
            var key = _keyPosition is { } k ? row[k] as string : null;
            var rowIndex = Convert.ToInt64(row[0]);
            if (!_classification)
            {
                var loss = _regressors[tier].Add(scores[i], _labels[i]);
                _predictions.Add(rowIndex, key, runner.Tier.Name, _labels[i], (double)scores[i], loss);
                continue;
            }

            var since = Stopwatch.GetTimestamp();
            var slice = scores.AsSpan(i * width, width);
            if (_output.Scores == EvaluationTerms.Probabilities)
            {
                Softmax.FromProbabilities(slice, probabilities);
            }
            else
            {
                Softmax.FromLogits(slice, probabilities);
            }

            var label = (int)_labels[i];
            var score = _classifiers[tier].Add(probabilities, label);
            _timings.Add(EvaluationStep.Scoring, since);
            since = Stopwatch.GetTimestamp();
            _predictions.Add(rowIndex, key, runner.Tier.Name, _names[label], _names[score.Predicted], score.PredictedProbability,
                score.LabelProbability, score.Loss, score.Predicted == label);
            _timings.Add(EvaluationStep.Predictions, since);
            if (tier == 0)
            {
                since = Stopwatch.GetTimestamp();
                _suspects!.Add(rowIndex, key, label, probabilities);
                _timings.Add(EvaluationStep.Collect, since);
            }
        }
    }

    private void Skip(string reason)
    {
        _skipped++;
        _skipReason ??= reason;
    }
}
