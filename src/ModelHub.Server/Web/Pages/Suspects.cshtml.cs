using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Datasets;
using ModelHub.Server.Evaluations;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Web.Pages;

/// <summary>
/// The review of an evaluation's suspected labels, on the dataset version it read: the suspects a page at a time, ranked
/// as the API ranks them, with thumbnails when the table has an image column. A writer of the dataset accepts, edits or
/// skips each row and submits: the suspects service commits the chosen labels (one dataset commit naming the evaluation),
/// then the page links to the new version. Its form carries an antiforgery token, like every catalog form.
/// </summary>
public sealed class SuspectsModel(ModelHubDbContext db, EvaluationService evaluations, SuspectService suspects, DatasetTables tables)
    : PageModel
{
    public const int PageSize = 50;

    public string Owner { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Version { get; private set; } = "";
    public long Offset { get; private set; }
    public EvaluationInfo? Evaluation { get; private set; }
    public SuspectList? Suspects { get; private set; }
    public IReadOnlyList<string> Classes { get; private set; } = [];
    public IReadOnlyDictionary<long, string> Thumbnails { get; private set; } = new Dictionary<long, string>();
    public bool CanWrite { get; private set; }
    public string? Problem { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Whether the form is offered: a writer, suspects to review, not accepted yet.</summary>
    public bool CanReview => CanWrite && Suspects is { Rows.Count: > 0 } && Evaluation?.AcceptedAs is null;

    public async Task<IActionResult> OnGetAsync(string owner, string name, string version, long evaluation, long offset = 0,
        CancellationToken cancellationToken = default)
    {
        var found = await LoadAsync(owner, name, version, evaluation, Math.Max(0, offset), cancellationToken);
        return found is null ? NotFoundPage(owner, name, version, evaluation) : Page();
    }

    public async Task<IActionResult> OnPostAsync(string owner, string name, string version, long evaluation, List<SuspectChoice>? rows,
        long offset = 0, CancellationToken cancellationToken = default)
    {
        var found = await LoadAsync(owner, name, version, evaluation, Math.Max(0, offset), cancellationToken);
        if (found is null)
        {
            return NotFoundPage(owner, name, version, evaluation);
        }

        var labels = (rows ?? []).Where(r => r.Choice is SuspectChoice.Accept or SuspectChoice.Edit)
            .Select(r => new AcceptedLabel(r.RowIndex, r.Choice == SuspectChoice.Edit ? r.Label : null)).ToList();
        if (labels.Count == 0)
        {
            return Refused(StatusCodes.Status400BadRequest,
                "Choose accept or edit for at least one row; skipped rows are left as they are.");
        }

        var accepted = await suspects.AcceptAsync(found, Caller.From(User), new AcceptSuspectsRequest(labels), cancellationToken);
        if (accepted.Value is null)
        {
            var problem = accepted.ToProblem();
            return Refused(problem.StatusCode, problem.ProblemDetails.Detail ?? "The labels could not be committed.");
        }

        // Post/redirect/get: the page then reads the evaluation's acceptedAs and links the new version.
        return Redirect(Link(owner, name, version, evaluation, offset));
    }

    /// <summary>The review page of <paramref name="evaluation"/> on dataset version <paramref name="dataset"/>
    /// (<c>owner/name@version</c>).</summary>
    public static string? LinkFor(string dataset, long evaluation) =>
        RepositoryReference.TryParse(dataset, out var reference) && reference!.Version is { } version
            ? Link(reference.Owner, reference.Name, version, evaluation)
            : null;

    public static string Link(string owner, string name, string version, long evaluation, long offset = 0) =>
        QueryHelpers.AddQueryString($"/datasets/{owner}/{name}/suspects", new Dictionary<string, string?>
        {
            ["version"] = version,
            ["evaluation"] = evaluation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["offset"] = offset > 0 ? offset.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        }.Where(p => p.Value is not null)!);

    public string PageLink(long offset) => Link(Owner, Name, Version, Evaluation!.Id, offset);

    private async Task<Evaluation?> LoadAsync(string owner, string name, string version, long id, long offset,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(User);
        var repository = await db.FindReadableAsync(RepositoryKind.Dataset, owner, name, caller, cancellationToken: cancellationToken);
        var found = repository is null ? null : (await evaluations.FindAsync(repository, caller, version, id, cancellationToken)).Value;
        if (repository is null || found is null)
        {
            return null;
        }

        (Owner, Name, Version, Offset, Evaluation) = (owner, name, version, offset, found.AsInfo());
        CanWrite = caller.CanWrite(repository.Owner.Name);
        var page = SuspectService.Page(found, offset, PageSize);
        if (page.Value is not { } list)
        {
            Problem = page.Detail;
            return found;
        }

        Suspects = list;
        var spec = EvaluationRecords.ReadSpec(found);
        Classes = spec.Output?.Classes ?? Evaluation.Tiers?.FirstOrDefault(t => t.Reference)?.Classes?.Select(c => c.Class).ToList() ?? [];
        Thumbnails = await SuspectThumbnails.ForAsync(tables, repository, owner, version, found.Table, spec, list.Rows, cancellationToken);
        return found;
    }

    private PageResult Refused(int status, string message)
    {
        Error = message;
        Response.StatusCode = status;
        return Page();
    }

    private PartialViewResult NotFoundPage(string owner, string name, string version, long evaluation)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Title"] = "Not found";
        return Partial("_NotFound", $"There is no evaluation {evaluation} on dataset {owner}/{name}@{version}, or it is private.");
    }
}
