using ModelHub.Contracts.Validation;

namespace ModelHub.Contracts.Versions;

public sealed record FileEntry(string? Path, string? Digest, long? Size, string? ContentType);

/// <summary>A tier of a model version: its ONNX file and what it needs.</summary>
public sealed record VariantEntry(
    string? Name, string? File, string? Precision, bool? Reference, List<string>? Providers, long? MinMemoryMb, double? Quality);

/// <summary>
/// A new version: its files (uploaded as blobs), tiers, smoke hints, tolerance, lineage and the limits its validation
/// asks for (<c>limits.memoryCapMegabytes</c>, up to the server's maximum; above it the request is refused with 422).
/// </summary>
public sealed record CreateVersionRequest(
    string? Version, string? Notes, List<FileEntry>? Files,
    List<VariantEntry>? Variants = null, SmokeSettings? Smoke = null, Tolerance? Tolerance = null, List<string>? Datasets = null,
    ValidationLimits? Limits = null);
