using ModelHub.Contracts.Manifests;

namespace ModelHub.Contracts.Tests;

/// <summary>The device a manifest signs: one text per description, whatever order, case or duplicates the client used.</summary>
public sealed class DeviceDescriptionTests
{
    [Fact]
    public void The_fields_given_in_a_fixed_order_and_case()
    {
        var text = DeviceDescription.Canonical(4096, ["WASM", "webgpu", "wasm"], " Web ", "WiFi", saveData: true, 1000);

        Assert.Equal("memory=4096;ep=wasm,webgpu;platform=web;network=wifi;saveData=on;budget=1000", text);
    }

    [Fact]
    public void Nothing_given_is_empty_and_unknown_fields_are_left_out()
    {
        Assert.Equal("", DeviceDescription.Canonical(null, null, null, null, saveData: false, null));
        Assert.Equal("ep=cpu", DeviceDescription.Canonical(null, ["cpu", " "], "", null, saveData: false, null));
    }
}
