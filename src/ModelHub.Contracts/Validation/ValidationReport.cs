namespace ModelHub.Contracts.Validation;

/// <summary>The verdict on one file, with everything learned on the way.</summary>
public sealed record FileReport(string Path, string? Variant, bool IsReference, string Status, string? Reason, OnnxModelInfo? Model)
{
    public const string Passed = "passed", Failed = "failed";

    public SmokeResult? Smoke { get; init; }
    public IReadOnlyList<Agreement>? Agreement { get; init; }

    /// <summary>The memory this file needed, measured in the worker (absent when it never got to run).</summary>
    public MemoryUse? Memory { get; init; }
}

/// <summary>The verdict on a version: passed only when every file passed.</summary>
public sealed record ValidationReport(bool Passed, string? Reason, IReadOnlyList<FileReport> Files, double ElapsedMs);
