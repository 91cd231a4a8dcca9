using System.Buffers;

namespace ModelHub.Storage.S3;

internal static class BoundedCopy
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Discards <paramref name="skip"/> bytes of <paramref name="source"/>, then copies <paramref name="length"/> bytes
    /// (all when null).
    /// </summary>
    public static async Task CopyAsync(Stream source, Stream destination, long skip, long? length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var remaining = length ?? long.MaxValue;
            while (remaining > 0)
            {
                var want = (int)Math.Min(buffer.Length, skip > 0 ? skip : remaining);
                var read = await source.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    if (length is null && skip == 0)
                    {
                        return;
                    }

                    throw new EndOfStreamException("The object ended before the requested range.");
                }

                if (skip > 0)
                {
                    skip -= read;
                    continue;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
