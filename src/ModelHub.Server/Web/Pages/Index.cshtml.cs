using Microsoft.AspNetCore.Mvc.RazorPages;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Web.Pages;

public sealed class IndexModel(Catalog catalog) : PageModel
{
    public CatalogFilter Filter { get; private set; } = new(null, null, null, null, null, "recent", 1);

    public CatalogPage Result { get; private set; } = new([], 0, [], [], []);

    public async Task OnGetAsync(
        string? q, string? kind, string? tag, string? precision, string? owner, string? sort, int page = 1,
        CancellationToken cancellationToken = default)
    {
        Filter = new CatalogFilter(
            Blank(q),
            Blank(kind),
            Blank(tag),
            Blank(precision),
            Blank(owner),
            sort == "downloads" ? "downloads" : "recent",
            Math.Clamp(page, 1, 10_000));
        Result = await catalog.SearchAsync(Filter, Caller.From(User), cancellationToken);
    }

    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Filter.Q,
            ["kind"] = Filter.Kind,
            ["tag"] = Filter.Tag,
            ["precision"] = Filter.Precision,
            ["owner"] = Filter.Owner,
            ["sort"] = Filter.Sort == "recent" ? null : Filter.Sort,
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/", query.Where(p => p.Value is not null)!);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
