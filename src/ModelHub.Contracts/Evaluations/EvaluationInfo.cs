namespace ModelHub.Contracts.Evaluations;

/// <summary>
/// An evaluation of a model version on a dataset version's table: its <see cref="State"/> (<c>queued</c>, <c>running</c>,
/// <c>succeeded</c>, <c>failed</c> with <see cref="Error"/>), progress (<see cref="RowsDone"/> of <see cref="RowCount"/>),
/// and once done the results per tier, the <see cref="Gate"/> verdict when the spec sets one, how many rows are suspected
/// of a wrong label, and the per-example predictions (a Parquet blob, <see cref="PredictionsDigest"/>).
/// </summary>
public sealed record EvaluationInfo(
    long Id,
    string Model,
    string Version,
    string Dataset,
    string Table,
    string State,
    long RowsDone,
    long? RowCount,
    string? Error,
    IReadOnlyList<TierResult>? Tiers,
    GateVerdict? Gate,
    long? Suspects,
    string? PredictionsDigest,
    string? AcceptedAs,
    EvaluationSpec Spec,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt);

/// <summary>
/// One tier's results over the rows: classification (<see cref="Accuracy"/>, <see cref="TopK"/> accuracy for more than
/// two classes, per-class metrics, the confusion matrix, rows by given label × predicted class, for at most 100 classes)
/// or regression (<see cref="Mae"/>, <see cref="Rmse"/>), the mean loss, and the model's latency per example (batched).
/// <see cref="AccuracyDrop"/> is the reference's accuracy minus this tier's; <see cref="Passed"/> is the gate's verdict.
/// </summary>
public sealed record TierResult(
    string Tier,
    bool Reference,
    long Examples,
    double? Accuracy = null,
    double? TopK = null,
    int? K = null,
    IReadOnlyList<ClassMetrics>? Classes = null,
    IReadOnlyList<IReadOnlyList<long>>? Confusion = null,
    double? Mae = null,
    double? Rmse = null,
    double? MeanLoss = null,
    double LatencyMsPerExample = 0,
    double? AccuracyDrop = null,
    bool? Passed = null,
    string? Reason = null);

/// <summary>Precision, recall and F1 of one class; <see cref="Support"/> is how many rows are labelled with it.</summary>
public sealed record ClassMetrics(string Class, long Support, double Precision, double Recall, double F1);

/// <summary>The accuracy gate: passed when no tier's accuracy drops by more than <see cref="MaxAccuracyDrop"/>.</summary>
public sealed record GateVerdict(double MaxAccuracyDrop, bool Passed, IReadOnlyList<string> FailedTiers, string Reason);
