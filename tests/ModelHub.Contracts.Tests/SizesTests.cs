namespace ModelHub.Contracts.Tests;

public sealed class SizesTests
{
    private const long MiB = 1024 * 1024;
    private const long GiB = 1024 * MiB;

    [Theory]
    [InlineData("4g", MiB, 4 * GiB)]
    [InlineData("512m", 1, 512 * MiB)]
    [InlineData("1.5g", 1, 3 * GiB / 2)]
    [InlineData("300k", 1, 300 * 1024)]
    [InlineData("2t", 1, 2048 * GiB)]
    [InlineData("4096", MiB, 4 * GiB)]
    [InlineData("100", 1, 100)]
    [InlineData("10b", MiB, 10)]
    [InlineData(".5g", 1, GiB / 2)]
    [InlineData("4GB", 1, 4 * GiB)]
    [InlineData("4Gi", 1, 4 * GiB)]
    [InlineData("4gib", 1, 4 * GiB)]
    [InlineData("512 MiB", 1, 512 * MiB)]
    [InlineData("  4g  ", 1, 4 * GiB)]
    [InlineData("1.5", 1, 1)]
    [InlineData("1024t", 1, Sizes.MaxBytes)]
    public void Sizes_read_as_people_write_them(string text, long defaultUnit, long bytes)
    {
        Assert.True(Sizes.TryParse(text, defaultUnit, out var parsed));
        Assert.Equal(bytes, parsed);
        Assert.Equal(bytes, Sizes.Parse(text, defaultUnit));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("g")]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("∞")]
    [InlineData("-1g")]
    [InlineData("+1g")]
    [InlineData("0")]
    [InlineData("0g")]
    [InlineData("0.1b")]
    [InlineData("1e3")]
    [InlineData("1,5g")]
    [InlineData("1.2.3m")]
    [InlineData("0x10")]
    [InlineData("4x")]
    [InlineData("4gg")]
    [InlineData("4 g b")]
    [InlineData("1025t")]
    [InlineData("99999999999999999999")]
    [InlineData("000000000000000000000000000000001")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(Sizes.TryParse(text, Sizes.MiB, out var bytes));
        Assert.Equal(0, bytes);
        var error = Assert.Throws<FormatException>(() => Sizes.Parse(text, Sizes.MiB));
        Assert.Contains("4g", error.Message);
    }

    [Fact]
    public void A_bare_number_larger_than_the_cap_in_its_default_unit_is_refused() =>
        Assert.False(Sizes.TryParse("2000000000", Sizes.MiB, out _));

    [Fact]
    public void Null_is_not_a_size() => Assert.False(Sizes.TryParse(null, 1, out _));

    [Fact]
    public void The_default_unit_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Sizes.TryParse("4", 0, out _));
}
