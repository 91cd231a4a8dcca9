using ModelHub.Core.Entities;
using ModelHub.Server.Http;
using FileInfo = ModelHub.Contracts.Versions.FileInfo;

namespace ModelHub.Server.Versions;

public static class VersionMapping
{
    public static string StateName(this VersionState state) => state.ToString().ToLowerInvariant();

    public static VersionDetail AsDetail(this RepositoryVersion v, string kind, string owner, string name)
    {
        var report = ValidationReports.Read(v);
        var commit = VersionTables.ReadCommit(v.CommitSummary);
        return new($"{owner}/{name}", v.Name, v.State.StateName(), v.Notes, v.CreatedBy, v.CreatedAt, v.PublishedAt, v.TotalSize,
            v.Files.OrderBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => new FileInfo(
                    f.Path, f.Digest, f.Size, f.ContentType, ApiUrls.VersionFile(kind, owner, name, v.Name, f.Path)))
                .ToList(),
            VersionTiers.From(v, report).Where(t => t.Declared is not null)
                .OrderByDescending(t => t.IsReference).ThenBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => new VariantInfo(
                    t.Name, t.Model.Path, t.Precision, t.IsReference, t.Providers, t.Declared!.MinMemoryMb, t.Declared.Quality)
                {
                    MeasuredMemoryMb = t.MeasuredMemoryMb,
                    MemorySource = t.MemorySource,
                    NeededMemoryMb = t.NeededMemoryMb,
                })
                .ToList(),
            report)
        {
            // The smoke hints the uploader gave: how to feed the model, for clients as much as for validation.
            Smoke = v.ValidationSettings is null ? null : ValidationSettings.Parse(v.ValidationSettings).Smoke,
            // A dataset version's tables with their indexing state, and what its commit changed.
            Tables = v.Tables.Count == 0 ? null : v.Tables.OrderBy(t => t.Path, StringComparer.Ordinal).Select(t => t.AsInfo()).ToList(),
            Parent = commit?.Parent,
            Changes = commit,
        };
    }
}
