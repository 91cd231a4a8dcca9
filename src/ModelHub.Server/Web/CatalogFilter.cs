namespace ModelHub.Server.Web;

public sealed record CatalogFilter(string? Q, string? Kind, string? Tag, string? Precision, string? Owner, string Sort, int Page)
{
    public const int PageSize = 20;
}
