namespace ModelHub.Contracts.Validation;

/// <summary>
/// The verdict on one file, with everything learned on the way, also when it failed or the worker was stopped:
/// the inspection (<c>model</c>), the inputs built for it, its memory, its smoke run and agreement.
/// <c>skipped</c>: never run, because the validation was stopped at another file.
/// </summary>
public sealed record FileReport(string Path, string? Variant, bool IsReference, string Status, string? Reason, OnnxModelInfo? Model)
{
    public const string Passed = "passed", Failed = "failed", Skipped = "skipped";

    public SmokeResult? Smoke { get; init; }

    public IReadOnlyList<Agreement>? Agreement { get; init; }

    /// <summary>The inputs fed (or to be fed) at the first input set; the same list as <c>smoke.inputs</c> after a run.</summary>
    public IReadOnlyList<SmokeInput>? Inputs { get; init; }

    /// <summary>The memory this file needed, measured in the worker (absent when it never got to run).</summary>
    public MemoryUse? Memory { get; init; }

    /// <summary>The precision the uploader declared for this file's tier, beside <c>model.precision</c> (detected).</summary>
    public string? DeclaredPrecision { get; init; }

    /// <summary>Things that do not fail the file but a reader should know (placeholder dims, a contradicted precision).</summary>
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>The verdict on a version: passed only when every file passed.</summary>
public sealed record ValidationReport(bool Passed, string? Reason, IReadOnlyList<FileReport> Files, double ElapsedMs)
{
    private readonly double _elapsedMs = FiniteNumbers.OrZero(ElapsedMs);

    public double ElapsedMs { get => _elapsedMs; init => _elapsedMs = FiniteNumbers.OrZero(value); }

    /// <summary>The memory cap and timeout this validation ran under.</summary>
    public AppliedLimits? Limits { get; init; }

    /// <summary>The tolerance tiers were held to, with the relative error bound it implies filled in.</summary>
    public Tolerance? Tolerance { get; init; }

    /// <summary>Hints that match no input of the file they apply to (the server refuses them at creation).</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>
    /// The accuracy gate on real data, for a version that declares one: it decides the verdict, and the noise-input
    /// agreement above is then informational (a disagreement is a warning of its file, not a failure).
    /// </summary>
    public GateReport? Gate { get; init; }
}
