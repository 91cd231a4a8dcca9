using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Client;

/// <summary>
/// A content-addressed cache in the spirit of the Hugging Face cache: verified blobs by digest, partial downloads
/// beside them (kept across process restarts, continued with Range), and per repository, reference and device the
/// last verified manifest with its ETag.
/// </summary>
public sealed class ModelCache(string root)
{
    public string Root { get; } = root;

    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable("MODELHUB_CACHE") is { Length: > 0 } configured ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "modelhub");

    public string BlobPath(string digest) => Path.Combine(Root, "blobs", "sha256", Hex(digest));

    public string PartialPath(string digest) => Path.Combine(Root, "partial", Hex(digest) + ".part");

    public bool HasBlob(string digest, long size) => new FileInfo(BlobPath(digest)) is { Exists: true } file && file.Length == size;

    /// <summary>
    /// True when the cached blob is the verified bytes: its size matches, and it is untouched since it was verified (its
    /// length and modification time are those recorded then), or, when in doubt (touched, no record, or
    /// <paramref name="rehash"/>), its bytes hash to the digest again. A blob that fails is deleted, so it is fetched anew.
    /// </summary>
    public async Task<bool> IsIntactAsync(string digest, long size, bool rehash, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(BlobPath(digest));
        var record = VerifiedPath(digest);
        if (file.Exists && file.Length == size && !rehash && File.Exists(record) && File.ReadAllText(record) == Stamp(file))
        {
            return true;
        }

        if (file.Exists && file.Length == size && await Hashing.FileDigestAsync(file.FullName, null, cancellationToken) == digest)
        {
            WriteAtomically(record, Stamp(file));
            return true;
        }

        // File.Delete ignores a missing file, not a missing folder.
        if (File.Exists(record))
        {
            File.Delete(record);
        }

        if (file.Exists)
        {
            File.Delete(file.FullName);
        }

        return false;
    }

    /// <summary>The last verified manifest of a reference for one device description on one server.</summary>
    public string RefPath(Uri server, ModelReference reference, string deviceQuery)
    {
        using var sha = SHA256.Create();
        var device = Hashing.Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(deviceQuery))).Substring(0, 16);
        var (owner, name) = Split(reference.Repository);
        return Path.Combine(Root, "refs", ServerFolder(server), owner, name, reference.Label.Replace(':', '~'), device + ".json");
    }

    public string KeyPath(Uri server) => Path.Combine(Root, "keys", ServerFolder(server) + ".json");

    /// <summary>The state of an unfinished upload of <paramref name="digest"/>, so a new process continues its session.</summary>
    public string UploadStatePath(Uri server, string digest) => Path.Combine(Root, "uploads", ServerFolder(server), Hex(digest) + ".json");

    /// <summary>
    /// A folder with the version's files under their real names (links to the blobs), so a runtime that opens
    /// <c>model.onnx</c> finds <c>model.onnx_data</c> beside it.
    /// </summary>
    public string SnapshotFolder(Uri server, string repository, string version, string variant)
    {
        var (owner, name) = Split(repository);
        return Path.Combine(Root, "snapshots", ServerFolder(server), owner, name, version, variant);
    }

    /// <summary>Places the blob at <paramref name="target"/>: a symbolic link where the system allows, a copy otherwise.</summary>
    public void Link(string digest, string target)
    {
        var blob = BlobPath(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
#if NET
        if (new FileInfo(target).LinkTarget == blob)
        {
            return;
        }
#endif
        File.Delete(target);

#if NET
        try
        {
            File.CreateSymbolicLink(target, blob);
            return;
        }
        catch (IOException)
        {
            // Windows without developer mode: fall back to a copy.
        }
        catch (UnauthorizedAccessException)
        {
        }
#endif
        File.Copy(blob, target, overwrite: true);
    }

    /// <summary>
    /// Moves a verified file into place (over a copy found corrupted meanwhile) and records its length and time as verified.
    /// </summary>
    public void Promote(string verifiedFile, string digest)
    {
        var target = BlobPath(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(target);
        }

        File.Move(verifiedFile, target);
        WriteAtomically(VerifiedPath(digest), Stamp(new FileInfo(target)));
    }

    public static void WriteAtomically(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, content);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        File.Move(temporary, path);
    }

    // What a blob looked like when its bytes were verified: any change to it makes the next use hash it again.
    private static string Stamp(FileInfo file) => $"{file.Length} {file.LastWriteTimeUtc.Ticks}";

    private string VerifiedPath(string digest) => Path.Combine(Root, "verified", Hex(digest));

    private static string ServerFolder(Uri server) => $"{server.Host}_{server.Port}";

    private static string Hex(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest.Substring(7) : digest;

    private static (string, string) Split(string repository)
    {
        var parts = repository.Split('/');
        return (parts[0], parts[1]);
    }
}
