using ModelHub.Core.Naming;

namespace ModelHub.Core.Tests.Naming;

public sealed class NamesTests
{
    [Theory]
    [InlineData("alice", true)]
    [InlineData("whisper-tiny.en", true)]
    [InlineData("A1_b", true)]
    [InlineData("", false)]
    [InlineData("-lead", false)]
    [InlineData(".hidden", false)]
    [InlineData("trailing.", false)]
    [InlineData("a..b", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("ünïcode", false)]
    public void Name_rules(string name, bool valid) => Assert.Equal(valid, Names.IsValidName(name));

    [Fact]
    public void Name_length_is_capped_at_64()
    {
        Assert.True(Names.IsValidName(new string('a', 64)));
        Assert.False(Names.IsValidName(new string('a', 65)));
    }

    [Theory]
    [InlineData("1.2.0", true)]
    [InlineData("2026-11-22", true)]
    [InlineData("v1_rc.2", true)]
    [InlineData("..", false)]
    [InlineData("1 0", false)]
    [InlineData("_x", false)]
    public void Version_rules(string version, bool valid) => Assert.Equal(valid, Names.IsValidVersion(version));
}
