using System.Text;
using ModelHub.Core.Digests;
using ModelHub.Core.Entities;

namespace ModelHub.Server.Downloads;

/// <summary>
/// The Hugging Face tree listing of a version (<c>/api/models/{id}/tree/{revision}[/{path}]</c>): the files and folders
/// directly under a path (or every file below it with <c>recursive=true</c>), folders first, then in path order, a page
/// at a time. Every file is listed as LFS-stored with its sha256; its <c>oid</c> is the first 40 hex digits of it.
/// </summary>
public static class HubTree
{
    public const int DefaultLimit = 1000, MaxLimit = 10_000;
    private const string File = "file", Directory = "directory";

    public sealed record HubTreeLfs(string Oid, long Size, int PointerSize);

    public sealed record HubTreeEntry(string Type, string Oid, long Size, string Path, HubTreeLfs? Lfs);

    /// <summary>The entries under <paramref name="folder"/> ("" for the root), or null when no file lies below it.</summary>
    public static List<HubTreeEntry>? List(IEnumerable<VersionFile> files, string folder, bool recursive)
    {
        var prefix = folder.Length == 0 ? "" : folder.TrimEnd('/') + "/";
        var below = files.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (below.Count == 0)
        {
            return prefix.Length == 0 ? [] : null;
        }

        var folders = recursive
            ? []
            : below.Select(f => f.Path[prefix.Length..]).Where(rest => rest.Contains('/', StringComparison.Ordinal))
                .Select(rest => prefix + rest[..rest.IndexOf('/', StringComparison.Ordinal)]).Distinct()
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => new HubTreeEntry(Directory, Oid(p), 0, p, null)).ToList();
        var listed = below.Where(f => recursive || !f.Path[prefix.Length..].Contains('/', StringComparison.Ordinal))
            .OrderBy(f => f.Path, StringComparer.Ordinal).Select(Of);
        return [.. folders, .. listed];
    }

    /// <summary>
    /// The entries after <paramref name="cursor"/> (the last path of the previous page), at most <paramref name="limit"/>.
    /// </summary>
    public static (List<HubTreeEntry> Page, string? Next) Page(List<HubTreeEntry> entries, string? cursor, int limit)
    {
        var start = cursor is null ? 0 : entries.FindIndex(e => e.Path == Decode(cursor)) + 1;
        var page = entries.Skip(start).Take(limit).ToList();
        return (page, start + page.Count < entries.Count ? Encode(page[^1].Path) : null);
    }

    public static bool IsCursor(string cursor)
    {
        try
        {
            Decode(cursor);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static HubTreeEntry Of(VersionFile file)
    {
        var hex = file.Digest[Sha256Digest.Prefix.Length..];
        var pointer = $"version https://git-lfs.github.com/spec/v1\noid sha256:{hex}\nsize {file.Size}\n";
        return new HubTreeEntry(File, hex[..VersionCommits.Length], file.Size, file.Path, new HubTreeLfs(hex, file.Size, pointer.Length));
    }

    // A folder's oid only has to be stable: the commit-style hash of its path.
    private static string Oid(string folder) =>
        VersionCommits.Compute([(folder, "", 0)]);

    private static string Encode(string path) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(path)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string cursor)
    {
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
    }
}
