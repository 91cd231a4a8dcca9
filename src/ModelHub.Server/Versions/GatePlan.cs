using ModelHub.Core.Entities;

namespace ModelHub.Server.Versions;

/// <summary>
/// A version's accuracy gate, as planned once its smoke runs are done: the evaluation to queue (not saved yet) on
/// <paramref name="Dataset"/> / <paramref name="Table"/> with its limit, or the <paramref name="Failure"/> that keeps it
/// from running (the version is then rejected with it).
/// </summary>
public sealed record GatePlan(Evaluation? Evaluation, string Dataset, string Table, double MaxAccuracyDrop, string? Failure);
