using System.IO.Pipelines;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;

namespace ModelHub.Server.Uploads;

/// <summary>
/// Reads the staged parts of an upload session back to back as one stream. The store only knows how to copy
/// an object into a stream, so a pipe with a small window connects that copy to the reader: memory stays at
/// the window whatever the blob size.
/// </summary>
public static class ConcatenatedPartsStream
{
    private const long Window = 4 << 20;

    public static Stream Open(IBlobStore store, IReadOnlyList<UploadPart> parts, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: Window,
            resumeWriterThreshold: Window / 2,
            minimumSegmentSize: 256 * 1024,
            useSynchronizationContext: false));
        _ = Task.Run(async () =>
        {
            try
            {
                await using var writer = pipe.Writer.AsStream();
                foreach (var part in parts.OrderBy(p => p.Offset))
                {
                    await store.CopyToAsync(part.Key, 0, part.Length, writer, cancellationToken);
                }

                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
            }
        }, CancellationToken.None);
        return pipe.Reader.AsStream();
    }
}
