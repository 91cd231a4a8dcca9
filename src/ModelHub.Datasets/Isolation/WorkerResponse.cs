using ModelHub.Contracts.Datasets;

namespace ModelHub.Datasets.Isolation;

/// <summary>
/// The worker's answer, one JSON line on stdout: the table's summary (index, inspect), the commit's change (commit), the
/// thumbnails made (thumbnails), the comparison (compare), nothing (export), or the <see cref="Error"/> of bad input (a
/// <see cref="Errors.DatasetException"/>).
/// </summary>
public sealed record WorkerResponse(
    TableSummary? Summary = null,
    TableChangeSummary? Change = null,
    IReadOnlyList<ThumbnailOutcome>? Thumbnails = null,
    WorkerError? Error = null,
    TableComparison? Comparison = null);

/// <summary>A refusal with the engine's stable code (<see cref="Errors.DatasetErrorCodes"/>) and its message.</summary>
public sealed record WorkerError(string Code, string Message);

/// <summary>One image: its thumbnail was written (<paramref name="Error"/> null), or why it could not be.</summary>
public sealed record ThumbnailOutcome(string Input, string? Error);
