using ModelHub.Contracts.Validation;

namespace ModelHub.Contracts.Versions;

public sealed record FileEntry(string? Path, string? Digest, long? Size, string? ContentType);

/// <summary>A tier of a model version: its ONNX file and what it needs.</summary>
public sealed record VariantEntry(
    string? Name, string? File, string? Precision, bool? Reference, List<string>? Providers, long? MinMemoryMb, double? Quality);

public sealed record CreateVersionRequest(
    string? Version, string? Notes, List<FileEntry>? Files,
    List<VariantEntry>? Variants = null, SmokeSettings? Smoke = null, Tolerance? Tolerance = null, List<string>? Datasets = null);
