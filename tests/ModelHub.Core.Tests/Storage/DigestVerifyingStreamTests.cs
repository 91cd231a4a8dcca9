using ModelHub.Core.Digests;
using ModelHub.Core.Storage;

namespace ModelHub.Core.Tests.Storage;

public sealed class DigestVerifyingStreamTests
{
    private static readonly byte[] Data = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Passes_matching_bytes_through_and_reports_the_digest()
    {
        await using var stream = new DigestVerifyingStream(new MemoryStream(Data), Sha256Digest.Compute(Data), Data.Length);
        var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.Equal(Data, copy.ToArray());
        Assert.Equal(Sha256Digest.Compute(Data), stream.ActualDigest);
    }

    [Fact]
    public async Task Throws_at_the_end_when_the_digest_differs()
    {
        await using var stream = new DigestVerifyingStream(new MemoryStream(Data), Sha256Digest.Compute([1]), null);

        await Assert.ThrowsAsync<DigestMismatchException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task Throws_when_fewer_bytes_arrive_than_declared()
    {
        await using var stream = new DigestVerifyingStream(new MemoryStream(Data), null, Data.Length + 1);

        var e = await Assert.ThrowsAsync<ContentLengthMismatchException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Equal(Data.Length, e.Actual);
    }

    [Fact]
    public async Task Throws_as_soon_as_more_bytes_arrive_than_declared()
    {
        await using var stream = new DigestVerifyingStream(new MemoryStream(Data), null, 100);

        await Assert.ThrowsAsync<DigestMismatchException>(() => stream.CopyToAsync(Stream.Null));
    }
}

public sealed class DigestVerifyingStreamLengthAwareReaderTests
{
    [Fact]
    public void A_reader_that_stops_at_the_declared_length_still_gets_the_mismatch()
    {
        var data = new byte[1000];
        using var stream = new DigestVerifyingStream(new MemoryStream(data), Sha256Digest.Compute([7]), data.Length);
        var buffer = new byte[1000];

        Assert.Throws<DigestMismatchException>(() => stream.ReadExactly(buffer));
    }
}
