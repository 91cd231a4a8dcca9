using ModelHub.Onnx.Inspection;
using ModelHub.Onnx.Smoke;

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

/// <summary>The verdict on one file, with everything learned on the way.</summary>
public sealed record FileReport(string Path, string? Variant, bool IsReference, string Status, string? Reason, OnnxModelInfo? Model)
{
    public const string Passed = "passed", Failed = "failed";

    public SmokeResult? Smoke { get; init; }
    public IReadOnlyList<Agreement>? Agreement { get; init; }
}

/// <summary>The verdict on a version: passed only when every file passed.</summary>
public sealed record ValidationReport(bool Passed, string? Reason, IReadOnlyList<FileReport> Files, double ElapsedMs);
