namespace ModelHub.Client.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("acme/vad", "acme/vad", null, null, "channel=stable")]
    [InlineData("acme/vad@1.2.0", "acme/vad", "1.2.0", null, "version=1.2.0")]
    [InlineData("acme/vad:beta", "acme/vad", null, "beta", "channel=beta")]
    public void References_name_a_version_or_a_channel(string text, string repository, string? version, string? channel, string query)
    {
        var reference = ModelReference.Parse(text);

        Assert.Equal(new ModelReference(repository, version, channel), reference);
        Assert.Equal(query, reference.Query);
        Assert.Equal(text.Contains('@') || text.Contains(':') ? text : text + ":stable", reference.ToString());
    }

    [Theory]
    [InlineData("vad")]
    [InlineData("/vad")]
    [InlineData("acme/")]
    [InlineData("a/b/c")]
    public void Malformed_references_are_refused(string text) => Assert.Throws<FormatException>(() => ModelReference.Parse(text));

    [Fact]
    public void Device_descriptions_parse_into_the_manifest_query()
    {
        var device = DeviceProfile.Parse(
            "memory=4g,ep=webgpu+wasm,platform=web,network=cellular,saveData,budget=200m,clientId=abc", new DeviceProfile());

        Assert.Equal(4096, device.MemoryMb);
        Assert.Equal(["webgpu", "wasm"], device.Providers);
        Assert.True(device.SaveData);
        Assert.Equal(200L * 1024 * 1024, device.BudgetBytes);
        Assert.Equal(
            "memory=4096&ep=webgpu%2Cwasm&platform=web&network=cellular&saveData=on&budget=209715200&clientId=abc", device.ToQuery());
    }

    [Theory]
    [InlineData("memory=lots")]
    [InlineData("colour=blue")]
    public void Bad_device_descriptions_say_what_is_wrong(string text) =>
        Assert.Throws<FormatException>(() => DeviceProfile.Parse(text, new DeviceProfile()));

    [Fact]
    public void Detect_describes_this_machine()
    {
        var device = DeviceProfile.Detect();

        Assert.True(device.MemoryMb > 0);
        Assert.Contains("cpu", device.Providers);
        Assert.Equal("linux", device.Platform);
    }
}
