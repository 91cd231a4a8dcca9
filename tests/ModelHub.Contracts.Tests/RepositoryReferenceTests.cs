namespace ModelHub.Contracts.Tests;

public sealed class RepositoryReferenceTests
{
    [Theory]
    [InlineData("acme/vad", "acme", "vad", null, null)]
    [InlineData("acme/vad@1.2.0", "acme", "vad", "1.2.0", null)]
    [InlineData("acme/coco-subset@2026-11-22", "acme", "coco-subset", "2026-11-22", null)]
    [InlineData("acme/vad:beta", "acme", "vad", null, "beta")]
    public void References_name_a_repository_and_a_version_or_a_channel(
        string text, string owner, string name, string? version, string? channel)
    {
        var reference = RepositoryReference.Parse(text);

        Assert.Equal(new RepositoryReference(owner, name, version, channel), reference);
        Assert.Equal($"{owner}/{name}", reference.Repository);
        Assert.Equal(text, reference.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("vad")]
    [InlineData("/vad")]
    [InlineData("acme/")]
    [InlineData("a/b/c")]
    [InlineData("acme/vad@")]
    [InlineData("acme/vad:")]
    [InlineData("acme/vad@1.0:beta")]
    [InlineData("acme/vad:beta@1.0")]
    [InlineData("acme/vad@1/2")]
    [InlineData("acme@1/vad")]
    [InlineData("@1.0")]
    [InlineData("acme /vad")]
    [InlineData("acme/vad@1.0 ")]
    [InlineData("acme/v\tad")]
    public void Malformed_references_are_refused(string text)
    {
        Assert.False(RepositoryReference.TryParse(text, out var reference));
        Assert.Null(reference);
        var error = Assert.Throws<FormatException>(() => RepositoryReference.Parse(text));
        Assert.Contains("owner/name", error.Message);
    }

    [Fact]
    public void Null_is_not_a_reference() => Assert.False(RepositoryReference.TryParse(null, out _));
}
