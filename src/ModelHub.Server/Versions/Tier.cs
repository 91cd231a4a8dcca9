using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;

namespace ModelHub.Server.Versions;

/// <summary>
/// One tier of a version as every part of the server sees it: the files a client downloads for it (its ONNX file
/// first, then that file's external data), their size, the memory it needs, its precision (declared, else detected),
/// the execution providers it runs on, and the validation verdict on its file.
/// </summary>
public sealed record Tier(
    string Name,
    IReadOnlyList<VersionFile> Files,
    long SizeBytes,
    long NeededMemoryMb,
    string? Precision,
    IReadOnlyList<string> Providers,
    bool IsReference,
    FileReport? FileReport)
{
    public const string UnknownPrecision = "unknown";

    /// <summary>What the uploader declared, or null for a tier named after its file.</summary>
    public VersionVariant? Declared { get; init; }

    /// <summary>The peak memory validation measured for the tier's model, in MB; null when the report has none.</summary>
    public long? MeasuredMemoryMb { get; init; }

    /// <summary>Where <see cref="NeededMemoryMb"/> comes from: <c>declared</c>, <c>measured</c> or <c>estimated</c>.</summary>
    public string MemorySource => Candidate.MemorySource;

    /// <summary>The accuracy an evaluation measured for the tier (see <c>Evaluations.MeasuredQuality</c>); null when none.</summary>
    public double? MeasuredQuality { get; init; }

    /// <summary>The tier's ONNX file.</summary>
    public VersionFile Model => Files[0];

    /// <summary>The tier as selection ranks it.</summary>
    public TierCandidate Candidate =>
        new(Name, Precision ?? UnknownPrecision, SizeBytes, Providers, Declared?.MinMemoryMb, Declared?.Quality, IsReference)
        {
            MeasuredMemoryMb = MeasuredMemoryMb,
            MeasuredQuality = MeasuredQuality,
        };
}
