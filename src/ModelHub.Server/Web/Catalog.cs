using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Selection;
using ModelHub.Server.Auth;
using ModelHub.Server.Repositories;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Web;

/// <summary>
/// The catalog's reads, each page in a fixed number of queries (no N+1): the list with downloads, latest version and
/// precisions as correlated subqueries; a repository with its versions, the chosen version's files and tiers, channels
/// with history, lineage and download counts.
/// </summary>
public sealed class Catalog(ModelHubDbContext db)
{
    public async Task<CatalogPage> SearchAsync(CatalogFilter filter, Caller caller, CancellationToken cancellationToken)
    {
        var visible = db.Repositories.AsNoTracking().ReadableBy(caller);
        var query = visible;
        if (filter.Kind is "models" or "datasets")
        {
            var kind = RepositoryKinds.Parse(filter.Kind);
            query = query.Where(r => r.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(filter.Owner))
        {
            query = query.Where(r => r.Owner.Name == filter.Owner);
        }

        if (!string.IsNullOrWhiteSpace(filter.Tag))
        {
            query = query.Where(r => r.Tags.Contains(filter.Tag));
        }

        if (!string.IsNullOrWhiteSpace(filter.Precision))
        {
            query = query.Where(r => r.Versions.Any(v =>
                v.State == VersionState.Published && v.Variants.Any(x => x.Precision == filter.Precision)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            query = query.Matching(filter.Q);
        }

        var projected = query.Select(r => new
        {
            r.Kind,
            Owner = r.Owner.Name,
            r.Name,
            r.Description,
            r.Tags,
            r.IsPrivate,
            r.UpdatedAt,
            r.Id,
            Latest = r.Versions.Where(v => v.State == VersionState.Published).OrderByDescending(v => v.Id).Select(v => v.Name)
                .FirstOrDefault(),
            Downloads = db.DownloadCounters.Where(c => r.Versions.Select(v => v.Id).Contains(c.VersionId)).Sum(c => (long?)c.Count) ?? 0,
            Lookups = db.DownloadCounters.Where(c => r.Versions.Select(v => v.Id).Contains(c.VersionId)).Sum(c => (long?)c.Lookups) ?? 0,
        });
        projected = filter.Sort == "downloads"
            ? projected.OrderByDescending(r => r.Downloads).ThenByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)
            : projected.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id);

        var total = await query.CountAsync(cancellationToken);
        var rows = await projected.Skip((Math.Max(1, filter.Page) - 1) * CatalogFilter.PageSize).Take(CatalogFilter.PageSize)
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var tiers = await (from v in db.Versions
                           where ids.Contains(v.RepositoryId) && v.State == VersionState.Published
                           from x in v.Variants
                           where x.Precision != null
                           select new { v.RepositoryId, x.Precision }).Distinct().ToListAsync(cancellationToken);
        var precisionsOf = tiers.ToLookup(t => t.RepositoryId, t => t.Precision!);
        var facets = await visible.Select(r => new { Owner = r.Owner.Name, r.Tags }).ToListAsync(cancellationToken);
        var precisions = await db.Variants.Where(x => x.Precision != null).Select(x => x.Precision!).Distinct()
            .ToListAsync(cancellationToken);
        return new CatalogPage(
            rows.Select(r => new CatalogItem(r.Kind, r.Owner, r.Name, r.Description, r.Tags, r.IsPrivate, r.Latest, r.UpdatedAt,
                r.Downloads, precisionsOf[r.Id].OrderBy(Precisions.Order).ToList())
            { Lookups = r.Lookups }).ToList(),
            total,
            facets.Select(f => f.Owner).Distinct().Order(StringComparer.Ordinal).ToList(),
            facets.SelectMany(f => f.Tags).Distinct().Order(StringComparer.Ordinal).ToList(),
            precisions.OrderBy(Precisions.Order).ToList());
    }

    public async Task<RepositoryView?> RepositoryAsync(RepositoryKind kind, string owner, string name, string? version, Caller caller,
        CancellationToken cancellationToken, int filePage = 1)
    {
        var repository = await db.FindReadableAsync(kind, owner, name, caller, cancellationToken: cancellationToken);
        if (repository is null)
        {
            return null;
        }

        var versions = await db.Versions.AsNoTracking().Where(v => v.RepositoryId == repository.Id).OrderByDescending(v => v.Id)
            .ToListAsync(cancellationToken);
        var channels = await db.Channels.AsNoTracking().Where(c => c.RepositoryId == repository.Id)
            .Select(c => new ChannelView(c.Name, c.Version.Name, c.RolloutVersion != null ? c.RolloutVersion.Name : null, c.RolloutPercent,
                c.History.OrderByDescending(h => h.Id).Take(20).ToList()))
            .ToListAsync(cancellationToken);
        channels = channels.OrderBy(c => c.Name == Channel.Stable ? 0 : 1).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();

        // The version to show: the one asked for, else what the stable channel serves, else the latest published, else the newest.
        var chosen = version ?? channels.FirstOrDefault(c => c.Name == Channel.Stable)?.Version
            ?? versions.FirstOrDefault(v => v.State == VersionState.Published)?.Name ?? versions.FirstOrDefault()?.Name;
        var selected = chosen is null ? null : await db.Versions.AsNoTracking().Include(v => v.Variants)
            .SingleOrDefaultAsync(v => v.RepositoryId == repository.Id && v.Name == chosen, cancellationToken);
        if (selected is null)
        {
            return new RepositoryView(repository, versions, null, null, [], channels, [], [], new Dictionary<string, DownloadCounter>());
        }

        // A version may hold thousands of files: the page reads the tiers' files and one page of the list, not all of them.
        var report = ValidationReports.Read(selected);
        selected.Files = await TierFilesAsync(selected, report, cancellationToken);
        var fileCount = await db.Files.CountAsync(f => f.VersionId == selected.Id, cancellationToken);
        var page = Math.Clamp(filePage, 1, Math.Max(1, (fileCount + RepositoryView.FilesPerPage - 1) / RepositoryView.FilesPerPage));
        var files = await db.Files.AsNoTracking().Where(f => f.VersionId == selected.Id).OrderBy(f => f.Path).ThenBy(f => f.Id)
            .Skip((page - 1) * RepositoryView.FilesPerPage).Take(RepositoryView.FilesPerPage).ToListAsync(cancellationToken);

        var datasets = await db.DatasetsOfAsync(selected.Id, caller, cancellationToken);
        var usedBy = await db.UsedByAsync(selected.Id, caller, cancellationToken);
        var downloads = await db.DownloadCounters.AsNoTracking().Where(c => c.VersionId == selected.Id)
            .ToDictionaryAsync(c => c.Variant, cancellationToken);
        // A dataset version's tables: one more query, for datasets only.
        var tables = kind == RepositoryKind.Dataset
            ? await db.Tables.AsNoTracking().Where(t => t.VersionId == selected.Id).OrderBy(t => t.Path).ToListAsync(cancellationToken)
            : null;
        return new RepositoryView(repository, versions, selected, report, VersionTiers.From(selected, report), channels,
            datasets.Select(LinkView.Of).ToList(), usedBy.Select(LinkView.Of).ToList(), downloads, tables)
        {
            Files = files,
            FileCount = fileCount,
            FilePage = page,
        };
    }

    /// <summary>
    /// The files <see cref="VersionTiers"/> needs: the tiers' ONNX files (declared, else every .onnx file) and the
    /// external-data files the validation report names.
    /// </summary>
    private async Task<List<VersionFile>> TierFilesAsync(RepositoryVersion version, ValidationReport? report,
        CancellationToken cancellationToken)
    {
        var named = version.Variants.Select(v => v.Path).Concat((report?.Files ?? []).SelectMany(f =>
        {
            var folder = f.Path.Contains('/', StringComparison.Ordinal) ? f.Path[..(f.Path.LastIndexOf('/') + 1)] : "";
            return (f.Model?.ExternalData ?? []).Select(e => folder + e).Append(f.Path);
        })).Distinct().ToList();
        var undeclared = version.Variants.Count == 0;
        return await db.Files.AsNoTracking()
            .Where(f => f.VersionId == version.Id && (named.Contains(f.Path) || (undeclared && f.Path.ToLower().EndsWith(".onnx"))))
            .ToListAsync(cancellationToken);
    }
}
