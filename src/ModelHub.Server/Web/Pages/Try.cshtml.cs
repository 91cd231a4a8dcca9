using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Web.Pages;

public sealed class TryModel(ModelHub.Core.Data.ModelHubDbContext db, IServiceProvider services) : PageModel
{
    public string Owner { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Query { get; private set; } = "";

    public string? OrtBase { get; private set; }

    public async Task<IActionResult> OnGetAsync(string owner, string name, string? version, string? channel,
        CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(RepositoryKind.Model, owner, name, Caller.From(User),
            cancellationToken: cancellationToken);
        if (repository is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            ViewData["Title"] = "Not found";
            return Partial("_NotFound", $"There is no model {owner}/{name}, or it is private.");
        }

        (Owner, Name) = (repository.Owner.Name, repository.Name);
        Query = version is not null
            ? $"version={Uri.EscapeDataString(version)}"
            : $"channel={Uri.EscapeDataString(channel ?? Channel.Stable)}";
        OrtBase = services.GetService<OnnxRuntimeWeb>()?.BasePath;
        return Page();
    }
}
