using System.Security.Cryptography;

namespace ModelHub.Testing;

public static class TestData
{
    /// <summary>Deterministic pseudo-random bytes, different for each seed.</summary>
    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The digest of a <see cref="GeneratedStream"/> without keeping its bytes.</summary>
    public static string Digest(long length, int seed)
    {
        using var stream = new GeneratedStream(length, seed);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>
/// A read-only stream of deterministic pseudo-random bytes, for large uploads that must not sit in memory. With
/// <paramref name="failAfter"/>, reading past that many bytes throws an <see cref="IOException"/>, as a dropped client does.
/// </summary>
public sealed class GeneratedStream(long length, int seed, long? failAfter = null) : Stream
{
    public const string FailureMessage = "the client went away";

    private readonly Random _random = new(seed);
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= failAfter)
        {
            throw new IOException(FailureMessage);
        }

        var n = (int)Math.Min(buffer.Length, (failAfter ?? length) - _position);
        _random.NextBytes(buffer[..n]);
        _position += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
