using System.Text.Json;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;

namespace ModelHub.Server.Repositories;

public sealed record CreateRepositoryRequest(string? Owner, string? Name, string? Description, string? Card, List<string>? Tags, bool? Private);

/// <summary>Fields left null are not changed.</summary>
public sealed record UpdateRepositoryRequest(string? Description, string? Card, List<string>? Tags, bool? Private, List<SelectionRule>? SelectionRules = null);

public sealed record RepositoryInfo(
    string Kind, string Owner, string Name, string? Description, string? Card, IReadOnlyList<string> Tags, bool Private,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? LatestVersion, IReadOnlyList<SelectionRule>? SelectionRules = null);

public sealed record RepositoryPage(IReadOnlyList<RepositoryInfo> Items, int Page, int PageSize, int Total);

public static class RepositoryMapping
{
    public static RepositoryInfo AsInfo(this Repository r, string ownerName, string? latestVersion, bool withCard = true) =>
        new(r.Kind.Segment(), ownerName, r.Name, r.Description, withCard ? r.Card : null, r.Tags, r.IsPrivate, r.CreatedAt, r.UpdatedAt, latestVersion,
            withCard && r.SelectionRules is not null ? JsonSerializer.Deserialize<List<SelectionRule>>(r.SelectionRules, JsonSerializerOptions.Web) : null);
}
