using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Inspection;

/// <summary>Either the model's facts or, for a file that is not a usable ONNX model, why.</summary>
public sealed record OnnxInspectionResult(OnnxModelInfo? Model, string? Error)
{
    public static OnnxInspectionResult Failed(string error) => new(null, error);
}
