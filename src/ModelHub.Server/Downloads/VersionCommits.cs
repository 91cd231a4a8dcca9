using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Downloads;

/// <summary>
/// A version's commit id for Hugging Face clients, which key their caches by a 40-hex commit: the first 40 hex digits of
/// the sha256 of the version's file list (path, digest and size of each file, in path order). It depends on the content
/// only, so it is stable across servers and restarts, and two versions with the same files share it. A published
/// version never changes, so each id is computed once per process.
/// </summary>
public sealed class VersionCommits
{
    public const int Length = 40;
    private readonly ConcurrentDictionary<long, string> _byVersion = new();

    public static string Compute(IEnumerable<(string Path, string Digest, long Size)> files)
    {
        var text = new StringBuilder("modelhub-commit-v1\n");
        foreach (var (path, digest, size) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(path).Append('\0').Append(digest).Append('\0').Append(size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..Length];
    }

    public static bool IsCommitId(string revision) =>
        revision.Length == Length && revision.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>The commit of the version <paramref name="versionId"/> whose file list is <paramref name="files"/>.</summary>
    public string Of(long versionId, IEnumerable<(string Path, string Digest, long Size)> files) =>
        _byVersion.GetOrAdd(versionId, _ => Compute(files));

    /// <summary>
    /// The commit of the version <paramref name="versionId"/>: its file list is read the first time only, so a route that
    /// serves one file does not read every file of the version on each request.
    /// </summary>
    public async Task<string> OfAsync(ModelHubDbContext db, long versionId, CancellationToken cancellationToken)
    {
        if (_byVersion.TryGetValue(versionId, out var known))
        {
            return known;
        }

        var files = await db.Files.AsNoTracking().Where(f => f.VersionId == versionId)
            .Select(f => new { f.Path, f.Digest, f.Size }).ToListAsync(cancellationToken);
        return Of(versionId, files.Select(f => (f.Path, f.Digest, f.Size)));
    }

    /// <summary>The newest published version of the repository whose commit is <paramref name="commit"/>, or null.</summary>
    public async Task<long?> FindAsync(ModelHubDbContext db, long repositoryId, string commit, CancellationToken cancellationToken)
    {
        var ids = await db.Versions.AsNoTracking().Where(v => v.RepositoryId == repositoryId && v.State == VersionState.Published)
            .OrderByDescending(v => v.Id).Select(v => v.Id).ToListAsync(cancellationToken);
        var unknown = ids.Where(id => !_byVersion.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            var files = await db.Files.AsNoTracking().Where(f => unknown.Contains(f.VersionId))
                .Select(f => new { f.VersionId, f.Path, f.Digest, f.Size }).ToListAsync(cancellationToken);
            foreach (var version in files.GroupBy(f => f.VersionId))
            {
                _byVersion.TryAdd(version.Key, Compute(version.Select(f => (f.Path, f.Digest, f.Size))));
            }
        }

        return ids.Cast<long?>().FirstOrDefault(id => _byVersion.TryGetValue(id!.Value, out var known) && known == commit);
    }
}
