using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Inspection;

/// <summary>Either the model's facts or, for a file that is not a usable ONNX model, why.</summary>
public sealed record OnnxInspectionResult(OnnxModelInfo? Model, string? Error)
{
    /// <summary>Which graph inputs feed each node, to trace a failing node back to the inputs behind it.</summary>
    public GraphIndex? Graph { get; init; }

    public static OnnxInspectionResult Failed(string error) => new(null, error);
}
