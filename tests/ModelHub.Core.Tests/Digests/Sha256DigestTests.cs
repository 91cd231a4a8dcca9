using System.Text;
using ModelHub.Core.Digests;

namespace ModelHub.Core.Tests.Digests;

public sealed class Sha256DigestTests
{
    private const string HelloHex = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    [Fact]
    public void Computes_the_known_digest_of_hello() =>
        Assert.Equal($"sha256:{HelloHex}", Sha256Digest.Compute(Encoding.ASCII.GetBytes("hello")).ToString());

    [Fact]
    public void Parses_upper_case_hex_to_the_canonical_lower_case_form()
    {
        Assert.True(Sha256Digest.TryParse($"sha256:{HelloHex.ToUpperInvariant()}", out var digest));
        Assert.Equal(HelloHex, digest.Hex);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(HelloHex)]
    [InlineData("sha512:" + HelloHex)]
    [InlineData("sha256:" + "zz" + "f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [InlineData("sha256:abc")]
    public void Rejects_anything_else(string? text) => Assert.False(Sha256Digest.TryParse(text, out _));
}
