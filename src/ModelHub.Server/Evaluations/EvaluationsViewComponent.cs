using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Evaluations;
using ModelHub.Core.Data;
using ModelHub.Server.Auth;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// The catalog's view of evaluations on a version page: for a model version, its evaluations with results per tier; for a
/// dataset version, its leaderboard (each evaluated model version's tiers, best accuracy first); only evaluations whose
/// model and dataset the viewer may both see.
/// </summary>
public sealed class EvaluationsViewComponent(ModelHubDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long versionId, bool model)
    {
        var query = db.Evaluations.AsNoTracking().Include(e => e.Version).ThenInclude(v => v.Repository).ThenInclude(r => r.Owner)
            .Include(e => e.DatasetVersion).ThenInclude(v => v!.Repository).ThenInclude(r => r.Owner)
            .Where(e => e.State == EvaluationTerms.Succeeded || e.State == EvaluationTerms.Failed);
        query = model ? query.Where(e => e.VersionId == versionId) : query.Where(e => e.DatasetVersionId == versionId);
        var found = await query.OrderByDescending(e => e.Id).Take(50).ToListAsync(HttpContext.RequestAborted);
        var caller = Caller.From(HttpContext.User);
        var visible = found.Where(e => e.VisibleTo(caller)).Select(e => e.AsInfo()).ToList();
        return View(new EvaluationsView(model, visible));
    }
}

/// <summary>What the view shows: whether the page is a model's, and the evaluations.</summary>
public sealed record EvaluationsView(bool Model, IReadOnlyList<EvaluationInfo> Evaluations);
