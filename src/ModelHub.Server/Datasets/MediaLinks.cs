using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Datasets;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Links from the cells of path columns (those whose statistics found files of the version) to those files: the
/// version's file route, which checks who may read them and serves them like any file, and a thumbnail route for
/// images. Only values naming a file of the version get a link: one query per page.
/// </summary>
public static class MediaLinks
{
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, MediaLink>?>> ForAsync(ModelHubDbContext db,
        RepositoryVersion version, string repositoryPath, TableSummary summary, TableRows rows, CancellationToken cancellationToken)
    {
        var columns = summary.Statistics.Where(s => s.Paths is { Resolved: > 0 }).ToDictionary(s => s.Name, s => s.Paths!.MediaKind);
        var cells = rows.Rows.Select(r => columns.Keys
                .Select(c => (Column: c, Path: r.Values[c]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? Normalise(r.Values[c]!.GetValue<string>()) : null))
                .Where(c => c.Path is not null).ToList())
            .ToList();
        var wanted = cells.SelectMany(c => c.Select(x => x.Path!)).Distinct().ToList();
        var existing = wanted.Count == 0 ? [] : (await db.Files.AsNoTracking()
            .Where(f => f.VersionId == version.Id && wanted.Contains(f.Path)).Select(f => f.Path).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var versionPath = $"{repositoryPath}/versions/{Uri.EscapeDataString(version.Name)}";
        return [.. cells.Select(row =>
        {
            var links = row.Where(c => existing.Contains(c.Path!)).ToDictionary(c => c.Column, c =>
            {
                var kind = columns[c.Column];
                var escaped = Escape(c.Path!);
                return new MediaLink(kind, $"{versionPath}/files/{escaped}",
                    kind == MediaKinds.Image ? $"{versionPath}/thumbnails/{escaped}" : null);
            });
            return links.Count == 0 ? null : (IReadOnlyDictionary<string, MediaLink>)links;
        })];
    }

    /// <summary>A path as the engine resolves it: a leading <c>./</c> or <c>/</c> is ignored.</summary>
    public static string Normalise(string value)
    {
        var path = value;
        while (path.StartsWith("./", StringComparison.Ordinal) || path.StartsWith('/'))
        {
            path = path.StartsWith('/') ? path[1..] : path[2..];
        }

        return path;
    }

    public static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
