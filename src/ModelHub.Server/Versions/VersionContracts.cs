using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Versions;

public sealed record FileEntry(string? Path, string? Digest, long? Size, string? ContentType);

/// <summary>A tier of a model version: its ONNX file and what it needs.</summary>
public sealed record VariantEntry(string? Name, string? File, string? Precision, bool? Reference, List<string>? Providers, long? MinMemoryMb, double? Quality);

public sealed record CreateVersionRequest(
    string? Version, string? Notes, List<FileEntry>? Files,
    List<VariantEntry>? Variants = null, SmokeSettings? Smoke = null, Tolerance? Tolerance = null, List<string>? Datasets = null);

/// <summary>A lineage link: the dataset version a model version names, or a model version that names a dataset version.</summary>
public sealed record LineageLink(string Kind, string Repository, string Version, string Url);

public sealed record VariantInfo(string Name, string File, string? Precision, bool Reference, IReadOnlyList<string> Providers, long? MinMemoryMb, double? Quality);

public sealed record FileInfo(string Path, string Digest, long Size, string ContentType, string Url);

public sealed record VersionSummary(string Version, string State, string? Notes, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt, int FileCount, long TotalSize);

public sealed record VersionDetail(string Repository, string Version, string State, string? Notes, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt, long TotalSize, IReadOnlyList<FileInfo> Files, IReadOnlyList<VariantInfo> Variants, ValidationReport? Validation,
    IReadOnlyDictionary<string, long>? Downloads = null, IReadOnlyList<LineageLink>? Datasets = null, IReadOnlyList<LineageLink>? UsedBy = null,
    SmokeSettings? Smoke = null);

public static class VersionMapping
{
    public static string StateName(this VersionState state) => state.ToString().ToLowerInvariant();

    public static VersionDetail AsDetail(this RepositoryVersion v, string kind, string owner, string name)
    {
        var report = ValidationReports.Read(v);
        return new($"{owner}/{name}", v.Name, v.State.StateName(), v.Notes, v.CreatedBy, v.CreatedAt, v.PublishedAt, v.TotalSize,
            v.Files.OrderBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => new FileInfo(
                    f.Path, f.Digest, f.Size, f.ContentType, $"/v1/{kind}/{owner}/{name}/versions/{v.Name}/files/{f.Path}"))
                .ToList(),
            VersionTiers.From(v, report).Where(t => t.Declared is not null)
                .OrderByDescending(t => t.IsReference).ThenBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => new VariantInfo(
                    t.Name, t.Model.Path, t.Precision, t.IsReference, t.Providers, t.Declared!.MinMemoryMb, t.Declared.Quality))
                .ToList(),
            report)
        {
            // The smoke hints the uploader gave: how to feed the model, for clients as much as for validation.
            Smoke = v.ValidationSettings is null ? null : ValidationSettings.Parse(v.ValidationSettings).Smoke,
        };
    }
}
