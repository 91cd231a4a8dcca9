using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ModelHub.Contracts.Datasets;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Datasets.Errors;
using ModelHub.Server.Auth;
using ModelHub.Server.Datasets;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Web.Pages;

/// <summary>A compare of two dataset versions that reads like a code diff: files with +/−/~, and per changed table its
/// counts, label shift, and a page of removed, added and changed rows with the changed cells marked.</summary>
public sealed class CompareModel(ModelHubDbContext db, CompareService compare) : PageModel
{
    public const int PageSize = 50;

    public string Owner { get; private set; } = "";
    public string Name { get; private set; } = "";
    public VersionComparison? Comparison { get; private set; }
    public string? Problem { get; private set; }
    public string? Table { get; private set; }
    public long Offset { get; private set; }

    public async Task<IActionResult> OnGetAsync(string owner, string name, string spec, string? table, long offset = 0,
        CancellationToken cancellationToken = default)
    {
        var repository = await db.FindReadableAsync(
            RepositoryKind.Dataset, owner, name, Caller.From(User), cancellationToken: cancellationToken);
        var versions = CompareService.Parse(spec);
        if (repository is null || versions is null)
        {
            return NotFound(repository is null
                ? $"There is no dataset {owner}/{name}, or it is private." : $"'{spec}' is not base...head.");
        }

        (Owner, Name, Table, Offset) = (owner, name, table, Math.Max(0, offset));
        try
        {
            Comparison = await compare.CompareAsync(repository.Id, versions.Value.Base, versions.Value.Head,
                new CompareQuery(table, null, null, Offset, PageSize, null), cancellationToken);
        }
        catch (DatasetException e)
        {
            Problem = e.Message;
            return Page();
        }

        return Comparison is null ? NotFound($"{spec}: both sides must be published versions of {owner}/{name}.") : Page();
    }

    public string PageLink(string table, long offset) =>
        $"/datasets/{Owner}/{Name}/compare/{Uri.EscapeDataString(Comparison!.Base)}...{Uri.EscapeDataString(Comparison.Head)}"
        + $"?table={Uri.EscapeDataString(table)}{(offset > 0 ? $"&offset={offset}" : "")}";

    private PartialViewResult NotFound(string message)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Title"] = "Not found";
        return Partial("_NotFound", message);
    }
}
