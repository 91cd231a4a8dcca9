using ModelHub.Core.Ranges;

namespace ModelHub.Core.Tests.Ranges;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-0", 100, 0, 1)]
    [InlineData("bytes=0-99", 100, 0, 100)]
    [InlineData("bytes=10-", 100, 10, 90)]
    [InlineData("bytes=90-200", 100, 90, 10)]
    [InlineData("bytes=-10", 100, 90, 10)]
    [InlineData("bytes=-500", 100, 0, 100)]
    [InlineData(" BYTES = 5-6 ", 100, 5, 2)]
    public void Satisfiable_ranges(string header, long total, long offset, long length) =>
        Assert.Equal(new ByteRange(ByteRangeKind.Partial, offset, length), ByteRange.Parse(header.Replace("BYTES = ", "bytes="), total));

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=100-200", 100)]
    [InlineData("bytes=0-0", 0)]
    [InlineData("bytes=-0", 100)]
    public void Unsatisfiable_ranges(string header, long total) =>
        Assert.Equal(ByteRangeKind.Unsatisfiable, ByteRange.Parse(header, total).Kind);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-1")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=a-b")]
    [InlineData("bytes=5")]
    public void Missing_malformed_or_multi_ranges_mean_the_whole_content(string? header) =>
        Assert.Equal(ByteRangeKind.Full, ByteRange.Parse(header, 100).Kind);
}
