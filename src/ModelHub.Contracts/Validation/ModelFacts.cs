namespace ModelHub.Contracts.Validation;

public sealed record OpsetInfo(string Domain, long Version);

/// <summary>A graph input or output: dims are numbers, symbol names (<c>batch</c>) or <c>?</c> when unnamed.</summary>
public sealed record TensorInfo(string Name, string ElementType, IReadOnlyList<string> Shape);

/// <summary>What the protobuf of an ONNX model says about it, read without running it.</summary>
public sealed record OnnxModelInfo(
    long IrVersion,
    IReadOnlyList<OpsetInfo> Opsets,
    string? Producer,
    string? ProducerVersion,
    IReadOnlyList<TensorInfo> Inputs,
    IReadOnlyList<TensorInfo> Outputs,
    long ParameterCount,
    string Precision,
    IReadOnlyDictionary<string, long> WeightElementsByType,
    IReadOnlyList<string> QuantizationOps,
    IReadOnlyList<string> ExternalData);
