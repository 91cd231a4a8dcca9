using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Repositories;

namespace ModelHub.Server.Web;

public sealed record CatalogFilter(string? Q, string? Kind, string? Tag, string? Precision, string? Owner, string Sort, int Page)
{
    public const int PageSize = 20;
}

public sealed record CatalogItem(RepositoryKind Kind, string Owner, string Name, string? Description, IReadOnlyList<string> Tags, bool Private,
    string? Latest, DateTimeOffset UpdatedAt, long Downloads, IReadOnlyList<string> Precisions)
{
    public string Url => CatalogLinks.Repository(Kind, Owner, Name);
}

public sealed record CatalogPage(IReadOnlyList<CatalogItem> Items, int Total, IReadOnlyList<string> Owners, IReadOnlyList<string> Tags, IReadOnlyList<string> Precisions);

public sealed record ChannelView(string Name, string Version, string? RolloutVersion, double RolloutPercent, IReadOnlyList<ChannelEvent> History);

public sealed record LinkView(RepositoryKind Kind, string Owner, string Name, string Version)
{
    public string Url => CatalogLinks.Repository(Kind, Owner, Name) + "?version=" + Uri.EscapeDataString(Version);
}

public sealed record RepositoryView(
    Repository Repository,
    IReadOnlyList<RepositoryVersion> Versions,
    RepositoryVersion? Selected,
    ValidationReport? Report,
    IReadOnlyList<ChannelView> Channels,
    IReadOnlyList<LinkView> Datasets,
    IReadOnlyList<LinkView> UsedBy,
    IReadOnlyDictionary<string, long> Downloads)
{
    public string Owner => Repository.Owner.Name;
    public string Name => Repository.Name;
    public string FullName => $"{Owner}/{Name}";
    public bool IsModel => Repository.Kind == RepositoryKind.Model;
}

public static class CatalogLinks
{
    public static string Repository(RepositoryKind kind, string owner, string name) =>
        $"/{(kind == RepositoryKind.Dataset ? "datasets" : "models")}/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}";
}

/// <summary>
/// The catalog's reads, each page in a fixed number of queries (no N+1): the list with downloads, latest version and
/// precisions as correlated subqueries; a repository with its versions, the chosen version's files and tiers, channels
/// with history, lineage and download counts.
/// </summary>
public sealed class Catalog(ModelHubDbContext db)
{
    public async Task<CatalogPage> SearchAsync(CatalogFilter filter, Caller caller, CancellationToken cancellationToken)
    {
        var visible = Visible(caller);
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
            query = query.Where(r => r.Versions.Any(v => v.State == VersionState.Published && v.Variants.Any(x => x.Precision == filter.Precision)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var term = filter.Q.Trim().ToLower();
            query = query.Where(r => (r.Owner.Name + "/" + r.Name).ToLower().Contains(term) || (r.Description != null && r.Description.ToLower().Contains(term)));
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
            Latest = r.Versions.Where(v => v.State == VersionState.Published).OrderByDescending(v => v.Id).Select(v => v.Name).FirstOrDefault(),
            Downloads = db.DownloadCounters.Where(c => r.Versions.Select(v => v.Id).Contains(c.VersionId)).Sum(c => (long?)c.Count) ?? 0,
        });
        projected = filter.Sort == "downloads"
            ? projected.OrderByDescending(r => r.Downloads).ThenByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)
            : projected.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id);

        var total = await query.CountAsync(cancellationToken);
        var rows = await projected.Skip((Math.Max(1, filter.Page) - 1) * CatalogFilter.PageSize).Take(CatalogFilter.PageSize).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var tiers = await (from v in db.Versions
                           where ids.Contains(v.RepositoryId) && v.State == VersionState.Published
                           from x in v.Variants
                           where x.Precision != null
                           select new { v.RepositoryId, x.Precision }).Distinct().ToListAsync(cancellationToken);
        var precisionsOf = tiers.ToLookup(t => t.RepositoryId, t => t.Precision!);
        var facets = await visible.Select(r => new { Owner = r.Owner.Name, r.Tags }).ToListAsync(cancellationToken);
        var precisions = await db.Variants.Where(x => x.Precision != null).Select(x => x.Precision!).Distinct().ToListAsync(cancellationToken);
        return new CatalogPage(
            rows.Select(r => new CatalogItem(r.Kind, r.Owner, r.Name, r.Description, r.Tags, r.IsPrivate, r.Latest, r.UpdatedAt, r.Downloads,
                precisionsOf[r.Id].OrderBy(PrecisionOrder).ToList())).ToList(),
            total,
            facets.Select(f => f.Owner).Distinct().Order(StringComparer.Ordinal).ToList(),
            facets.SelectMany(f => f.Tags).Distinct().Order(StringComparer.Ordinal).ToList(),
            precisions.OrderBy(PrecisionOrder).ToList());
    }

    public async Task<RepositoryView?> RepositoryAsync(RepositoryKind kind, string owner, string name, string? version, Caller caller, CancellationToken cancellationToken)
    {
        var repository = await db.FindReadableAsync(kind, owner, name, caller, cancellationToken: cancellationToken);
        if (repository is null)
        {
            return null;
        }

        var versions = await db.Versions.AsNoTracking().Where(v => v.RepositoryId == repository.Id).OrderByDescending(v => v.Id).ToListAsync(cancellationToken);
        var channels = await db.Channels.AsNoTracking().Where(c => c.RepositoryId == repository.Id)
            .Select(c => new ChannelView(c.Name, c.Version.Name, c.RolloutVersion != null ? c.RolloutVersion.Name : null, c.RolloutPercent,
                c.History.OrderByDescending(h => h.Id).Take(20).ToList()))
            .ToListAsync(cancellationToken);
        channels = channels.OrderBy(c => c.Name == "stable" ? 0 : 1).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();

        // The version to show: the one asked for, else what the stable channel serves, else the latest published, else the newest.
        var chosen = version ?? channels.FirstOrDefault(c => c.Name == "stable")?.Version
            ?? versions.FirstOrDefault(v => v.State == VersionState.Published)?.Name ?? versions.FirstOrDefault()?.Name;
        var selected = chosen is null ? null : await db.Versions.AsNoTracking().Include(v => v.Files).Include(v => v.Variants)
            .SingleOrDefaultAsync(v => v.RepositoryId == repository.Id && v.Name == chosen, cancellationToken);
        if (selected is null)
        {
            return new RepositoryView(repository, versions, null, null, channels, [], [], new Dictionary<string, long>());
        }

        var datasets = await db.VersionLinks.AsNoTracking().Where(l => l.VersionId == selected.Id)
            .Select(l => new LinkView(l.DatasetVersion.Repository.Kind, l.DatasetVersion.Repository.Owner.Name, l.DatasetVersion.Repository.Name, l.DatasetVersion.Name))
            .ToListAsync(cancellationToken);
        var readable = caller.Owners.ToList();
        var all = caller.Owners.Contains(Scopes.AllOwners) && caller.Scopes.Count > 0;
        var usedBy = await db.VersionLinks.AsNoTracking().Where(l => l.DatasetVersionId == selected.Id)
            .Where(l => all || !l.Version.Repository.IsPrivate || readable.Contains(l.Version.Repository.Owner.Name))
            .Select(l => new LinkView(l.Version.Repository.Kind, l.Version.Repository.Owner.Name, l.Version.Repository.Name, l.Version.Name))
            .ToListAsync(cancellationToken);
        var downloads = await db.DownloadCounters.AsNoTracking().Where(c => c.VersionId == selected.Id).ToDictionaryAsync(c => c.Variant, c => c.Count, cancellationToken);
        var report = selected.ValidationReport is null ? null : JsonSerializer.Deserialize<ValidationReport>(selected.ValidationReport, ValidationJson.Options);
        return new RepositoryView(repository, versions, selected, report, channels, datasets, usedBy, downloads);
    }

    private IQueryable<Repository> Visible(Caller caller)
    {
        var query = db.Repositories.AsNoTracking();
        if (!caller.Owners.Contains(Scopes.AllOwners) || caller.Scopes.Count == 0)
        {
            var readable = caller.Owners.ToList();
            query = query.Where(r => !r.IsPrivate || readable.Contains(r.Owner.Name));
        }

        return query;
    }

    private static int PrecisionOrder(string? precision) => precision switch
    {
        "fp32" => 0,
        "fp16" => 1,
        "bf16" => 2,
        "int8" => 3,
        "uint8" => 4,
        "int4" => 5,
        _ => 6,
    };
}
