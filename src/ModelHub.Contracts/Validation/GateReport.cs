namespace ModelHub.Contracts.Validation;

/// <summary>
/// The accuracy gate of a version that declares one (its <c>evaluation.json</c> names a dataset version's table and a
/// <c>maxAccuracyDrop</c>): evaluation <c>evaluationId</c> of every tier on <c>dataset</c> (<c>owner/name@version</c>) /
/// <c>table</c> decides the version's verdict instead of the noise-input agreement. <c>state</c>: <c>running</c> (the
/// version is still validating), <c>passed</c>, <c>failed</c> (a tier dropped more than allowed) or <c>error</c> (the
/// evaluation could not run; <c>reason</c> says why).
/// </summary>
public sealed record GateReport(long EvaluationId, string Dataset, string Table, double MaxAccuracyDrop, string State)
{
    public const string Running = "running", PassedState = "passed", FailedState = "failed", Error = "error";

    public bool? Passed { get; init; }

    public string? Reason { get; init; }

    /// <summary>The accuracy of every tier on the table and its drop against the reference.</summary>
    public IReadOnlyList<GateTier>? Tiers { get; init; }
}

/// <summary>One tier's accuracy on the gate's table, its drop against the reference's, and the gate's verdict on it.</summary>
public sealed record GateTier(string Tier, bool Reference, double? Accuracy, double? AccuracyDrop, bool? Passed, string? Reason);
