using System.Text.Json;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;
using FileInfo = ModelHub.Contracts.Versions.FileInfo;

namespace ModelHub.Server.Versions;

public static class VersionMapping
{
    public static string StateName(this VersionState state) => state.ToString().ToLowerInvariant();

    public static VersionDetail AsDetail(this RepositoryVersion v, string kind, string owner, string name) =>
        new($"{owner}/{name}", v.Name, v.State.StateName(), v.Notes, v.CreatedBy, v.CreatedAt, v.PublishedAt, v.TotalSize,
            v.Files.OrderBy(f => f.Path, StringComparer.Ordinal)
                .Select(f => new FileInfo(
                    f.Path, f.Digest, f.Size, f.ContentType, $"/v1/{kind}/{owner}/{name}/versions/{v.Name}/files/{f.Path}"))
                .ToList(),
            v.Variants.OrderByDescending(x => x.IsReference).ThenBy(x => x.Name, StringComparer.Ordinal)
                .Select(x => new VariantInfo(x.Name, x.Path, x.Precision, x.IsReference, x.Providers, x.MinMemoryMb, x.Quality)).ToList(),
            v.ValidationReport is null ? null : JsonSerializer.Deserialize<ValidationReport>(v.ValidationReport, ValidationJson.Options))
        {
            // The smoke hints the uploader gave: how to feed the model, for clients as much as for validation.
            Smoke = v.ValidationSettings is null ? null : Validation.ValidationSettings.Parse(v.ValidationSettings).Smoke,
        };
}
