namespace ModelHub.Client;

/// <summary>Which repositories <see cref="ModelHubClient.ListRepositoriesAsync"/> lists: newest first, a page at a time.</summary>
public sealed record RepositorySearch
{
    /// <summary><see cref="RepositoryKinds.Models"/> or <see cref="RepositoryKinds.Datasets"/>.</summary>
    public string Kind { get; init; } = RepositoryKinds.Models;

    /// <summary>Text to look for in names and descriptions.</summary>
    public string? Text { get; init; }

    /// <summary>Only this owner's repositories.</summary>
    public string? Owner { get; init; }

    public int Page { get; init; } = 1;

    /// <summary>At most 100.</summary>
    public int PageSize { get; init; } = 20;
}
