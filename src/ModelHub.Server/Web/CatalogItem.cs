using ModelHub.Core.Entities;

namespace ModelHub.Server.Web;

public sealed record CatalogItem(RepositoryKind Kind, string Owner, string Name, string? Description, IReadOnlyList<string> Tags,
    bool Private, string? Latest, DateTimeOffset UpdatedAt, long Downloads, IReadOnlyList<string> Precisions)
{
    /// <summary>Manifest answers for the repository's versions (which move no byte, unlike <see cref="Downloads"/>).</summary>
    public long Lookups { get; init; }

    public string Url => CatalogLinks.Repository(Kind, Owner, Name);
}
