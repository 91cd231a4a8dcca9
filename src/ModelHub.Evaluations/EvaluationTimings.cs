using System.Diagnostics;
using System.Globalization;

namespace ModelHub.Evaluations;

/// <summary>
/// Where an evaluation's time goes, step by step: the benchmark prints it, and the worker writes it to stderr when
/// <see cref="Variable"/> is set. Nothing decides on it; a step is timed by adding the time since a timestamp.
/// </summary>
public sealed class EvaluationTimings
{
    /// <summary>The worker's environment variable that asks for the breakdown on stderr.</summary>
    public const string Variable = "MODELHUB_EVALUATION_TIMINGS";

    private readonly long[] _ticks = new long[Enum.GetValues<EvaluationStep>().Length];

    public void Add(EvaluationStep step, long since) => _ticks[(int)step] += Stopwatch.GetTimestamp() - since;

    public double Milliseconds(EvaluationStep step) => _ticks[(int)step] * 1000.0 / Stopwatch.Frequency;

    public override string ToString() => string.Join(", ", Enum.GetValues<EvaluationStep>()
        .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.ToString().ToLowerInvariant()} {Milliseconds(s):0.0}")))
        + " ms";
}

/// <summary>The steps of an evaluation, in the order they first run.</summary>
public enum EvaluationStep
{
    /// <summary>Reading the work (the worker's stdin JSON).</summary>
    Work,

    /// <summary>Loading the tiers' sessions and opening the table.</summary>
    Open,

    /// <summary>Querying the rows (DuckDB), page by page.</summary>
    Rows,

    /// <summary>Turning rows into input tensors.</summary>
    Inputs,

    /// <summary>Running the tiers (ONNX Runtime).</summary>
    Inference,

    /// <summary>Softmax and the scorers.</summary>
    Scoring,

    /// <summary>Collecting the reference tier's probabilities for the suspects.</summary>
    Collect,

    /// <summary>Writing the per-example predictions while the rows run.</summary>
    Predictions,

    /// <summary>Finishing the predictions Parquet.</summary>
    Parquet,

    /// <summary>Results, the gate and finding the suspects.</summary>
    Results,

    /// <summary>Writing the outcome (the worker's stdout JSON).</summary>
    Outcome,
}
