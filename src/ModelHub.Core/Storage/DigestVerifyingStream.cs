using System.Security.Cryptography;
using ModelHub.Core.Digests;

namespace ModelHub.Core.Storage;

/// <summary>
/// A read-only stream that hashes what passes through it and, on reaching the end of the inner stream,
/// throws <see cref="DigestMismatchException"/> when the bytes do not match the expected digest or length.
/// Handed to <see cref="IBlobStore.PutAsync"/>, it makes the store discard unverified bytes: the write
/// fails before it becomes visible.
/// </summary>
public sealed class DigestVerifyingStream(Stream inner, Sha256Digest? expected, long? expectedLength, bool leaveOpen = false) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private Sha256Digest? _actual;

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The digest of everything read, available once the end was reached and a digest was expected.</summary>
    public Sha256Digest? ActualDigest => expected is null ? null : _actual;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => expectedLength ?? throw new NotSupportedException();
    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Account(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Account(buffer.Span[..read]);
        return read;
    }

    private void Account(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            BytesRead += data.Length;
            if (_actual is not null || (expectedLength is { } max && BytesRead > max))
            {
                throw new DigestMismatchException($"The content is longer than the declared {expectedLength} bytes.");
            }

            // Without a digest to check this stream only counts (upload chunks are hashed when assembled).
            if (expected is not null)
            {
                _hash.AppendData(data);
            }

            // A reader that knows the length (the S3 SDK) stops at the last byte and never asks for the end of
            // the stream, so the check runs as soon as the declared length is reached.
            if (BytesRead == expectedLength)
            {
                Verify();
            }

            return;
        }

        if (_actual is null)
        {
            Verify();
        }
    }

    private void Verify()
    {
        _actual = Sha256Digest.FromHash(_hash.GetHashAndReset());
        if (expectedLength is { } length && BytesRead != length)
        {
            throw new ContentLengthMismatchException(length, BytesRead);
        }

        if (expected is { } digest && digest != _actual)
        {
            throw new DigestMismatchException($"The content hashes to {_actual}, not the declared {digest}.");
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
