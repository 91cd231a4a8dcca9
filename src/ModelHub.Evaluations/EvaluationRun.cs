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
    private readonly EvaluationWork _work;
    private readonly OutputMeaning _output;
    private readonly bool _classification;
    private readonly List<TierRunner> _runners;
    private readonly List<InputPlan> _plans;
    private readonly RowColumns _columns;
    private readonly int _batch;
    private readonly bool _fixedBatch;
    private readonly float[][] _buffers;
    private readonly string[] _inputNames;
    private readonly long[] _batchRows;
    private readonly string?[] _batchKeys;
    private readonly double[] _batchLabels;
    private readonly double[] _probabilities;
    private readonly int _labelPosition;
    private readonly int? _keyPosition;
    private readonly IReadOnlyList<string> _names = [];
    private readonly Dictionary<string, int> _classIndex = new(StringComparer.Ordinal);
    private readonly ClassificationScorer[] _classifiers = [];
    private readonly RegressionScorer[] _regressors = [];
    private readonly SuspectFinder? _suspects;
    private readonly OpenedTable _table;
    private PredictionsWriter _predictions = null!;
    private readonly EvaluationTimings _timings;
    private int _count;
    private long _skipped;
    private string? _skipReason;

    private EvaluationRun(
        EvaluationWork work, List<TierRunner> runners, OpenedTable table, RowColumns columns, EvaluationTimings timings)
    {
        _work = work;
        _table = table;
        _timings = timings;
        _output = work.Spec.Output!;
        _classification = _output.Task == EvaluationTerms.Classification;
        _runners = [.. runners.OrderByDescending(r => r.Tier.Reference)];
        var reference = _runners[0].Session;
        _columns = columns;
        _plans = EvaluationEngine.PlanInputs(work, reference, _columns);
        var fixedBatch = reference.InputMetadata[_plans[0].Name].Dimensions[0];
        _fixedBatch = fixedBatch > 0;
        _batch = _fixedBatch ? fixedBatch : work.Spec.BatchSize ?? EvaluationEngine.DefaultBatchSize;
        _buffers = [.. _plans.Select(p => new float[_batch * p.Elements])];
        _inputNames = [.. _plans.Select(p => p.Name)];
        _batchRows = new long[_batch];
        _batchKeys = new string?[_batch];
        _batchLabels = new double[_batch];
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

        _probabilities = new double[_names.Count];
    }

    /// <summary>Plans the run of <paramref name="runners"/> over the rows of <paramref name="table"/> (the caller disposes
    /// both), which reads <paramref name="columns"/> (<see cref="RowColumns.Of"/>); a spec that does not fit them raises
    /// <see cref="EvaluationException"/>.</summary>
    public static EvaluationRun Create(
        EvaluationWork work, List<TierRunner> runners, OpenedTable table, RowColumns columns, EvaluationTimings timings) =>
        new(work, runners, table, columns, timings);

    public async Task<EvaluationOutcome> ExecuteAsync(Action<long, long>? progress, CancellationToken cancellationToken)
    {
        var since = Stopwatch.GetTimestamp();
        var pager = _table.Pager;
        if (_table.First is null)
        {
            // The spec's columns did not all exist when the table opened: this reports the first missing one.
            pager.Read(_columns.Select);
        }

        var next = _table.First ?? throw new InvalidOperationException("The table's columns were not read.");
        var total = _table.Total;
        using var predictions = PredictionsWriter.Open(pager, EvaluationEngine.PredictionColumns(_classification));
        _predictions = predictions;
        var read = 0L;
        progress?.Invoke(0, total);
        const int capacity = OpenedTable.PageRows;
        RowPage[] pages = [await next, new(_columns.Texts, capacity)];
        try
        {
            for (var turn = 1; ; turn++)
            {
                var page = await next;
                _timings.Add(EvaluationStep.Rows, since);
                if (page.Count == 0)
                {
                    break;
                }

                // DuckDB reads the next page on its own thread while this one runs through the tiers; a short page is the last.
                var following = pages[turn % 2];
                following.Clear();
                next = page.Count < capacity ? Task.FromResult(following) : pager.NextAsync(following, capacity, cancellationToken);
                for (var i = 0; i < page.Count; i++)
                {
                    Take(page, i);
                }

                read += page.Count;
                progress?.Invoke(read, total);
                since = Stopwatch.GetTimestamp();
            }
        }
        finally
        {
            // A failed batch leaves the next page's query running: the session is not disposed under it.
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Flush();
        since = Stopwatch.GetTimestamp();
        await _predictions.CompleteAsync(_work.Predictions, cancellationToken);
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
        _suspects?.Dispose();
    }

    private void Take(RowPage page, int index)
    {
        double label;
        if (_classification)
        {
            var text = page.Text(_labelPosition, index);
            if (text is null || !_classIndex.TryGetValue(text, out var position))
            {
                Skip($"label '{text}' is not one of the classes");
                return;
            }

            label = position;
        }
        else if (!page.TryNumber(_labelPosition, index, out label))
        {
            Skip("the target is missing");
            return;
        }

        var since = Stopwatch.GetTimestamp();
        for (var p = 0; p < _plans.Count; p++)
        {
            var size = _plans[p].Elements;
            if (_plans[p].Fill(page, index, _buffers[p].AsSpan(_count * size, size)) is { } reason)
            {
                Skip(reason);
                return;
            }
        }

        _timings.Add(EvaluationStep.Inputs, since);
        _batchRows[_count] = page.Row(index);
        _batchKeys[_count] = _keyPosition is { } key ? page.Text(key, index) : null;
        _batchLabels[_count] = label;
        if (++_count == _batch)
        {
            Flush();
        }
    }

    private void Flush()
    {
        var count = _count;
        if (count == 0)
        {
            return;
        }

        // A model with a fixed batch dim runs full batches: the tail of a short one is padding, read by no one.
        var run = _fixedBatch ? _batch : count;
        var values = _plans.Select((p, i) => p.Tensor(run == _batch ? _buffers[i] : _buffers[i][..(run * p.Elements)], run)).ToList();
        try
        {
            for (var t = 0; t < _runners.Count; t++)
            {
                var since = Stopwatch.GetTimestamp();
                var scores = _runners[t].Run(_inputNames, values, count);
                _timings.Add(EvaluationStep.Inference, since);
                Score(t, scores, run);
            }
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }

        _count = 0;
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

        var name = runner.Tier.Name;
        for (var i = 0; i < _count; i++)
        {
            var (row, key) = (_batchRows[i], _batchKeys[i]);
            if (!_classification)
            {
                var loss = _regressors[tier].Add(scores[i], _batchLabels[i]);
                _predictions.AddRegression(row, key, name, _batchLabels[i], scores[i], loss);
                continue;
            }

            var since = Stopwatch.GetTimestamp();
            var slice = scores.AsSpan(i * width, width);
            if (_output.Scores == EvaluationTerms.Probabilities)
            {
                Softmax.FromProbabilities(slice, _probabilities);
            }
            else
            {
                Softmax.FromLogits(slice, _probabilities);
            }

            var label = (int)_batchLabels[i];
            var score = _classifiers[tier].Add(_probabilities, label);
            _timings.Add(EvaluationStep.Scoring, since);
            since = Stopwatch.GetTimestamp();
            _predictions.AddClassification(row, key, name, _names[label], _names[score.Predicted], score.PredictedProbability,
                score.LabelProbability, score.Loss, score.Predicted == label);
            _timings.Add(EvaluationStep.Predictions, since);
            if (tier == 0)
            {
                since = Stopwatch.GetTimestamp();
                _suspects!.Add(row, key, label, _probabilities);
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
