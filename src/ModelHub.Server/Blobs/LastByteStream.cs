namespace ModelHub.Server.Blobs;

/// <summary>
/// Writes through to <paramref name="inner"/> and calls <paramref name="reached"/> once, just before the write that
/// carries byte number <paramref name="length"/>: the transfer is counted before its client can have the last byte, so
/// whoever saw the whole body also sees the count (a write failing at that very moment would be counted anyway).
/// </summary>
public sealed class LastByteStream(Stream inner, long length, Action reached) : Stream
{
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Before(count);
        inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Before(buffer.Length);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Before(int count)
    {
        if (_written < length && _written + count >= length)
        {
            reached();
        }

        _written += count;
    }
}
