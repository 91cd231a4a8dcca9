using System.Text.Json.Nodes;

namespace ModelHub.Contracts.Evaluations;

/// <summary>
/// Rows whose given label the reference tier finds implausible (confident learning: a row is suspect when another
/// class's probability reaches that class's threshold, the model's average confidence on rows labelled with it, while the
/// given label's stays below its own), most implausible first. <see cref="Total"/> counts them all; a page is
/// <see cref="Rows"/>.
/// </summary>
public sealed record SuspectList(long EvaluationId, string Dataset, string Table, string? Key, long Total, IReadOnlyList<SuspectRow> Rows);

/// <summary>
/// A suspected row: its index in the table and key, the label given and the probability the model gives it, and the
/// label it suggests with its probability.
/// </summary>
public sealed record SuspectRow(
    long RowIndex, JsonNode? Key, string GivenLabel, double GivenProbability, string SuggestedLabel, double Confidence);
