using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Validation;

/// <summary>One ONNX file to validate: its path in the version, where it sits on disk, and the tier it is (if any).</summary>
public sealed record ModelFile(string Path, string LocalPath, string? Variant = null, bool IsReference = false);

/// <summary>What the worker process is asked to do.</summary>
public sealed record ValidationRequest(
    IReadOnlyList<ModelFile> Models,
    IReadOnlyList<string> VersionFiles,
    SmokeSettings Settings,
    Tolerance Tolerance,
    int Runs = 3);
