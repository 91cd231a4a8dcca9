using ModelHub.Contracts.Evaluations;

namespace ModelHub.Evaluations.Isolation;

/// <summary>
/// One evaluation for the isolated worker, sent as JSON on its stdin; every path is a local file the server prepared:
/// the materialised <see cref="Table"/>, each tier's ONNX file (its external data beside it), the folder the version's
/// images were placed in (<see cref="ImagesRoot"/>, by their paths in the version). The worker writes the predictions to
/// <see cref="Predictions"/> and may write temporary files in <see cref="ScratchDirectory"/> only.
/// </summary>
public sealed record EvaluationWork(
    EvaluationSpec Spec,
    string Table,
    IReadOnlyList<TierFile> Tiers,
    string ScratchDirectory,
    string Predictions,
    string? ImagesRoot = null,
    string? Key = null,
    int MemoryLimitMb = 64,
    int MaxSuspects = 10_000);

/// <summary>A tier to run: its name, its ONNX file, and whether it is the reference the others are compared with.</summary>
public sealed record TierFile(string Name, string Path, bool Reference);
