using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ModelHub.Contracts.Datasets;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Rows;
using ModelHub.Server.Auth;
using ModelHub.Server.Datasets;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Web.Pages;

/// <summary>The dataset viewer: a table's rows a page at a time (filtered by label, searched), with thumbnails and audio
/// players for media columns, and its statistics with label bars. Plain GET forms: it works without JavaScript.</summary>
public sealed class ViewerModel(ModelHubDbContext db, DatasetTables tables) : PageModel
{
    public const int PageSize = 25;

    public string Owner { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Version { get; private set; } = "";
    public IReadOnlyList<string> Versions { get; private set; } = [];
    public IReadOnlyList<TableInfo> Tables { get; private set; } = [];
    public TableInfo? Table { get; private set; }
    public TableSummary? Summary { get; private set; }
    public ColumnStatistics? Label { get; private set; }
    public string? LabelValue { get; private set; }
    public string? Search { get; private set; }
    public DatasetRows? Rows { get; private set; }
    public long Matching { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string owner, string name, string? version, string? table, string? label, string? q,
        long offset = 0, CancellationToken cancellationToken = default)
    {
        var repository = await db.FindReadableAsync(
            RepositoryKind.Dataset, owner, name, Caller.From(User), cancellationToken: cancellationToken);
        var versions = repository is null ? [] : await VersionNamesAsync(repository.Id, cancellationToken);
        if (repository is null || versions.Count == 0 || (version is not null && !versions.Contains(version)))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            ViewData["Title"] = "Not found";
            return Partial("_NotFound", $"There is no dataset {owner}/{name}{(version is null ? "" : $"@{version}")}, or it is private.");
        }

        (Owner, Name, Versions, Version) = (owner, name, versions, version ?? versions[0]);
        Tables = await tables.ListAsync(repository.Id, Version, cancellationToken) ?? [];
        Table = Tables.FirstOrDefault(t => t.Path == table) ?? Tables.FirstOrDefault(t => t.State == TableStates.Indexed)
            ?? (Tables.Count > 0 ? Tables[0] : null);
        (LabelValue, Search) = (Blank(label), Blank(q));
        if (Table is not null)
        {
            await ReadAsync(repository, Math.Max(0, offset), cancellationToken);
        }

        return Page();
    }

    public string Link(long? offset = null, string? table = null, string? label = null, bool keepFilters = true) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/datasets/{Owner}/{Name}/viewer",
            new Dictionary<string, string?>
            {
                ["version"] = Version,
                ["table"] = table ?? Table?.Path,
                ["label"] = label ?? (keepFilters ? LabelValue : null),
                ["q"] = keepFilters ? Search : null,
                ["offset"] = offset is > 0 ? offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            }.Where(p => p.Value is not null)!);

    private async Task ReadAsync(Repository repository, long offset, CancellationToken cancellationToken)
    {
        var lookup = await tables.FindAsync(repository.Id, Version, Table!.Path, cancellationToken);
        if (lookup.Outcome != TableOutcome.Found)
        {
            Problem = lookup.Detail;
            return;
        }

        Summary = VersionTables.ReadSummary(lookup.Table!.Summary);
        Label = Summary is null ? null : LabelColumns.Find(Summary);
        var filter = Label is not null && LabelValue is not null ? FilterFor(Label, LabelValue) : null;
        try
        {
            Rows = await tables.RowsAsync(lookup, $"/v1/datasets/{Owner}/{Name}", new RowsRequest(offset, PageSize, null, filter, Search),
                cancellationToken);
            Matching = Rows.Total ?? await tables.CountAsync(lookup, filter, Search, cancellationToken);
        }
        catch (DatasetException e)
        {
            Problem = e.Message;
        }
    }

    // The label's values come from the table's own statistics; quoting follows the filter grammar.
    private static string FilterFor(ColumnStatistics label, string value)
    {
        var column = "\"" + label.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var text = "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return label.Kind switch
        {
            ColumnKinds.Integer or ColumnKinds.Float when double.TryParse(value, culture, out var number) =>
                $"{column} = {number.ToString("R", culture)}",
            ColumnKinds.Boolean when bool.TryParse(value, out var flag) => $"{column} = {(flag ? "TRUE" : "FALSE")}",
            ColumnKinds.Text => $"{column} = {text}",
            _ => $"{column} CONTAINS {text}",
        };
    }

    private async Task<List<string>> VersionNamesAsync(long repositoryId, CancellationToken cancellationToken) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Versions.Where(v => v.RepositoryId == repositoryId && v.State == VersionState.Published).OrderByDescending(v => v.Id)
                .Select(v => v.Name), cancellationToken);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
