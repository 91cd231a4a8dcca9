using System.IO.Pipelines;
using ModelHub.Contracts.Validation;
using ModelHub.Core.Digests;
using ModelHub.Core.Storage;
using ModelHub.Onnx.Inspection;

namespace ModelHub.Server.Validation;

/// <summary>
/// Reads an ONNX blob's metadata (inputs, outputs, precision) without running it and without holding it in memory: a
/// local store (or a remote one's local copy) lends the file (a hard link, parsed through a memory map, weights never
/// read); else the blob streams through a pipe into the parser, which skips tensor payloads as they pass.
/// </summary>
public sealed class BlobInspection(IBlobStore store)
{
    /// <summary>The model's facts, or null when the blob does not parse as ONNX (validation then rejects it with the reason).</summary>
    public async Task<OnnxModelInfo?> InspectAsync(string digest, long size, CancellationToken cancellationToken)
    {
        if (!Sha256Digest.TryParse(digest, out var parsed) || size == 0)
        {
            return null;
        }

        var key = BlobKeys.ForBlob(parsed);
        // A remote store may hold a local copy of a blob this server just received (S3's LocalBlobCache).
        var root = store.LocalScratchRoot ?? Path.Combine(Path.GetTempPath(), "modelhub-inspect");
        var folder = Path.Combine(root, "inspect-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var local = Path.Combine(folder, "model.onnx");
            if (store.TryLinkLocal(key, local))
            {
                return OnnxInspector.Inspect(local).Model;
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return await StreamAsync(key, size, cancellationToken);
    }

    private async Task<OnnxModelInfo?> StreamAsync(string key, long size, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var copy = Task.Run(async () =>
        {
            try
            {
                await store.CopyToAsync(key, 0, size, pipe.Writer.AsStream(leaveOpen: true), stop.Token);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
            }
        }, CancellationToken.None);
        try
        {
            await using var reader = pipe.Reader.AsStream();
            return await Task.Run(() => OnnxInspector.Inspect(reader).Model, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            // A model that failed to parse early leaves the rest of the blob unread: stop the copy rather than finish it.
            await stop.CancelAsync();
            await copy;
        }
    }
}
