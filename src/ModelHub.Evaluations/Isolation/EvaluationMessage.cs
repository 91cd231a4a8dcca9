using ModelHub.Contracts.Evaluations;

namespace ModelHub.Evaluations.Isolation;

/// <summary>
/// A line the worker writes on stdout: <see cref="Ready"/> once warmed up (before it reads its work), progress
/// (<see cref="Done"/> of <see cref="Total"/> rows), then the <see cref="Outcome"/> or the <see cref="Error"/> that refused
/// the work (a spec that does not fit the model or table).
/// </summary>
public sealed record EvaluationMessage(
    long? Done = null, long? Total = null, EvaluationOutcome? Outcome = null, string? Error = null, bool? Ready = null);

/// <summary>What an evaluation found: the rows read and skipped (no label, a missing image), the results per tier, the
/// gate's verdict, and the suspected labels (at most the work's maximum, most implausible first) with their total.</summary>
public sealed record EvaluationOutcome(
    long Rows,
    long Skipped,
    IReadOnlyList<TierResult> Tiers,
    GateVerdict? Gate,
    long SuspectCount,
    IReadOnlyList<SuspectRow> Suspects,
    string? SkipReason = null);
