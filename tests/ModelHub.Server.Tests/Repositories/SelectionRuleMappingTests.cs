using System.Text.Json;
using ModelHub.Server.Repositories;
using Rule = ModelHub.Core.Selection.SelectionRule;
using WireRule = ModelHub.Contracts.Repositories.SelectionRule;

namespace ModelHub.Server.Tests.Repositories;

/// <summary>The wire rule and Core's rule are mapped field by field and share one JSON shape (the stored form).</summary>
public sealed class SelectionRuleMappingTests
{
    private static readonly WireRule Full = new("int8", "web", "wasm", "webgpu", "cellular", true, 4096);

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rules_map_both_ways_without_loss(WireRule wire) => Assert.Equal(wire, wire.AsRule().AsWire());

    [Theory]
    [MemberData(nameof(Rules))]
    public void Both_shapes_write_the_same_json(WireRule wire) => Assert.Equal(
        JsonSerializer.Serialize(wire, JsonSerializerOptions.Web), JsonSerializer.Serialize(wire.AsRule(), JsonSerializerOptions.Web));

    [Fact]
    public void Every_condition_survives_the_mapping()
    {
        var rule = Full.AsRule();

        Assert.Equal(new Rule("int8", "web", "wasm", "webgpu", "cellular", true, 4096), rule);
        Assert.Equal("platform=web and has wasm and no webgpu and network=cellular and Save-Data and memory ≤ 4096 MB", rule.Describe());
    }

    public static TheoryData<WireRule> Rules() => new() { Full, new WireRule("fp16"), new WireRule("int4", MaxMemoryMb: 2048) };
}
