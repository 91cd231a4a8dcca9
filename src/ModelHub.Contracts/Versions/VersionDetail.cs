using ModelHub.Contracts.Datasets;
using ModelHub.Contracts.Validation;

namespace ModelHub.Contracts.Versions;

/// <summary>A lineage link: the dataset version a model version names, or a model version that names a dataset version.</summary>
public sealed record LineageLink(string Kind, string Repository, string Version, string Url);

public sealed record VariantInfo(
    string Name, string File, string? Precision, bool Reference, IReadOnlyList<string> Providers, long? MinMemoryMb, double? Quality);

// Named like System.IO.FileInfo because the API document calls the schema so: where both are imported, alias one.
public sealed record FileInfo(string Path, string Digest, long Size, string ContentType, string Url);

/// <summary>
/// A version as the API shows it. <c>downloads</c> counts completed transfers per tier (a whole file, or ranges that
/// reached its end; "" for files of no tier); <c>manifestLookups</c> counts manifest answers that chose each tier.
/// </summary>
public sealed record VersionDetail(
    string Repository, string Version, string State, string? Notes, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt,
    long TotalSize, IReadOnlyList<FileInfo> Files, IReadOnlyList<VariantInfo> Variants, ValidationReport? Validation,
    IReadOnlyDictionary<string, long>? Downloads = null, IReadOnlyList<LineageLink>? Datasets = null,
    IReadOnlyList<LineageLink>? UsedBy = null, SmokeSettings? Smoke = null,
    IReadOnlyDictionary<string, long>? ManifestLookups = null, IReadOnlyList<TableInfo>? Tables = null,
    string? Parent = null, CommitSummary? Changes = null);
