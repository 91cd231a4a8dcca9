namespace ModelHub.Contracts.Repositories;

public sealed record RepositoryInfo(
    string Kind, string Owner, string Name, string? Description, string? Card, IReadOnlyList<string> Tags, bool Private,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? LatestVersion, IReadOnlyList<SelectionRule>? SelectionRules = null);

public sealed record RepositoryPage(IReadOnlyList<RepositoryInfo> Items, int Page, int PageSize, int Total);
