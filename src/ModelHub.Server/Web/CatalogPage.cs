namespace ModelHub.Server.Web;

public sealed record CatalogPage(
    IReadOnlyList<CatalogItem> Items,
    int Total,
    IReadOnlyList<string> Owners,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Precisions);
