using Microsoft.ML.OnnxRuntime;
using ModelHub.Contracts.Evaluations;
using ModelHub.Evaluations.Inputs;
using ModelHub.Evaluations.Isolation;
using ModelHub.Evaluations.Scoring;
using ModelHub.Evaluations.Suspects;
using ModelHub.Evaluations.Tables;

namespace ModelHub.Evaluations;

/// <summary>
/// Runs an evaluation: every tier over the rows of the table that pass the filter, batched, on the same input tensors;
/// scores each tier, writes the per-example predictions and finds the suspected labels from the reference tier. A spec
/// that does not fit the model or the table raises <see cref="EvaluationException"/> before any row is run.
/// </summary>
public static class EvaluationEngine
{
    public const int DefaultBatchSize = 64;

    public static async Task<EvaluationOutcome> RunAsync(
        EvaluationWork work, Action<long, long>? progress = null, EvaluationTimings? timings = null,
        CancellationToken cancellationToken = default)
    {
        timings ??= new EvaluationTimings();
        var opened = System.Diagnostics.Stopwatch.GetTimestamp();
        var output = work.Spec.Output!;
        // The table opens (DuckDB) and its first page is read on another thread while the tiers load (ONNX Runtime).
        var columns = RowColumns.Of(work);
        var opening = Task.Run(() => OpenedTable.OpenAsync(work, columns, cancellationToken), cancellationToken);
        var runners = new List<TierRunner>();
        try
        {
            foreach (var tier in work.Tiers)
            {
                runners.Add(TierRunner.Open(tier, output.Name));
            }

            var table = await opening;
            using var run = EvaluationRun.Create(work, runners, table, columns, timings);
            timings.Add(EvaluationStep.Open, opened);
            return await run.ExecuteAsync(progress, cancellationToken);
        }
        finally
        {
            runners.ForEach(r => r.Dispose());
            await OpenedTable.CloseAsync(opening);
        }
    }

    /// <summary>The plans of the model's inputs, in the model's order; every input must be mapped.</summary>
    internal static List<InputPlan> PlanInputs(EvaluationWork work, InferenceSession reference, RowColumns columns)
    {
        var inputs = work.Spec.Inputs!;
        var names = reference.InputNames;
        var plans = new List<InputPlan>();
        foreach (var mapping in inputs)
        {
            var name = mapping.Name ?? (names.Count == 1 ? names[0]
                : throw new EvaluationException($"inputs: name each input; the model has {string.Join(", ", names)}."));
            if (!reference.InputMetadata.TryGetValue(name, out var metadata))
            {
                throw new EvaluationException($"The model has no input '{name}' (it has {string.Join(", ", names)}).");
            }

            plans.Add(InputPlan.Create(mapping, metadata, name, c => mapping.Image is null ? columns.Number(c) : columns.Text(c),
                work.ImagesRoot));
        }

        if (names.FirstOrDefault(n => plans.All(p => p.Name != n)) is { } unmapped)
        {
            throw new EvaluationException($"The model's input '{unmapped}' is not mapped from the table.");
        }

        return plans;
    }

    /// <summary>The class names: the spec's, else the indices of a fixed class dim of the output.</summary>
    internal static IReadOnlyList<string> ClassNames(OutputMeaning output, InferenceSession reference, string outputName)
    {
        if (output.Classes is { } classes)
        {
            return classes;
        }

        var dims = reference.OutputMetadata[outputName].Dimensions;
        return dims is [.., > 1 and var count]
            ? [.. Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]
            : throw new EvaluationException($"output.classes is needed: the class dim of output '{outputName}' is not fixed.");
    }

    internal static IReadOnlyList<(string, string)> PredictionColumns(bool classification) =>
        classification ? PredictionsWriter.Classification : PredictionsWriter.Regression;

    /// <summary>Top-k defaults to 5, and below the class count (top-3 of 3 classes says nothing).</summary>
    internal static ClassificationScorer Scorer(OutputMeaning output, int classes) =>
        new(classes, Math.Min(output.TopK ?? Math.Min(5, classes - 1), classes));

    internal static SuspectFinder Suspects(IReadOnlyList<string> names, string scratch) => new(names, scratch);
}
