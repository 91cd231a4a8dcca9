namespace ModelHub.Contracts.Evaluations;

/// <summary>
/// Labels to write into the dataset: each suspected row (by <see cref="AcceptedLabel.RowIndex"/>) gets the suggested label,
/// or <see cref="AcceptedLabel.Label"/> when given. The commit is made on the evaluated dataset version, named
/// <see cref="Version"/> (default: the next), and its notes record the evaluation.
/// </summary>
public sealed record AcceptSuspectsRequest(List<AcceptedLabel>? Labels, string? Notes = null, string? Version = null);

/// <summary>One accepted suggestion: the suspected row, and the label to give it (default: the suggested one).</summary>
public sealed record AcceptedLabel(long? RowIndex, string? Label = null);

/// <summary>The answer to accepted suggestions: the new dataset version and how many labels it changed.</summary>
public sealed record AcceptedSuspects(long EvaluationId, string Dataset, string Version, int LabelsChanged);
