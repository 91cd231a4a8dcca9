using ModelHub.Core.Naming;

namespace ModelHub.Core.Tests.Naming;

public sealed class FilePathsTests
{
    [Theory]
    [InlineData("model.onnx")]
    [InlineData("onnx/model_fp16.onnx")]
    [InlineData("a b/c-d_e.f")]
    [InlineData("..hidden/x")]
    public void Accepts_relative_paths(string path) => Assert.Null(FilePaths.Validate(path));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/etc/passwd", "relative")]
    [InlineData("C:/x", "relative")]
    [InlineData("a/../b", "'..'")]
    [InlineData("./a", "'..'")]
    [InlineData("a//b", "empty segment")]
    [InlineData("a/", "empty segment")]
    [InlineData("a\\b", "'/'")]
    [InlineData("a\u0000b", "control")]
    [InlineData("a\nb", "control")]
    public void Rejects_paths_that_could_escape_or_confuse(string path, string reason) =>
        Assert.Contains(reason, FilePaths.Validate(path));

    [Fact]
    public void Rejects_overlong_paths() => Assert.Contains("longer", FilePaths.Validate(new string('a', 1025)));
}
