using System.Security.Cryptography;

namespace ModelHub.Client;

internal static class Hashing
{
    public static string Hex(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", "").ToLowerInvariant();

    public static async Task<string> FileDigestAsync(
        string path, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var sha = SHA256.Create();
        using var file = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var buffer = new byte[1 << 20];
        int read;
        long done = 0;
        while ((read = await file.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            sha.TransformBlock(buffer, 0, read, null, 0);
            done += read;
            progress?.Report(new TransferProgress(path, done, file.Length));
        }

        sha.TransformFinalBlock(buffer, 0, 0);
        return "sha256:" + Hex(sha.Hash!);
    }
}
