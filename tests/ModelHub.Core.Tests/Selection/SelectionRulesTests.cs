using ModelHub.Contracts.Repositories;
using ModelHub.Core.Selection;

namespace ModelHub.Core.Tests.Selection;

/// <summary>The stored form of a repository's rules and how a rule reads a device.</summary>
public sealed class SelectionRulesTests
{
    private static readonly SelectionRule Full = new("int8", "web", "wasm", "webgpu", "cellular", true, 4096);

    [Theory]
    [MemberData(nameof(Rules))]
    public void Stored_rules_read_back_unchanged(SelectionRule rule) =>
        Assert.Equal(rule, Assert.Single(SelectionRules.Read(SelectionRules.Store([rule]))));

    [Fact]
    public void No_rules_store_as_null_and_read_as_none()
    {
        Assert.Null(SelectionRules.Store([]));
        Assert.Empty(SelectionRules.Read(null));
    }

    [Fact]
    public void Rules_stored_before_the_wire_record_became_the_stored_form_still_read()
    {
        // The JSON written by the server's former rule record, field for field.
        const string stored = """
            [{"variant":"int8","platform":"web","provider":"wasm","noProvider":"webgpu","network":"cellular","saveData":true,
            "maxMemoryMb":4096}]
            """;

        Assert.Equal(Full, Assert.Single(SelectionRules.Read(stored)));
    }

    [Fact]
    public void Every_condition_is_described() => Assert.Equal(
        "platform=web and has wasm and no webgpu and network=cellular and Save-Data and memory ≤ 4096 MB", Full.Describe());

    [Fact]
    public void A_rule_matches_only_when_every_set_condition_holds()
    {
        var web = new DeviceProfile
        {
            Platform = "web",
            Providers = new HashSet<string> { "wasm" },
            Network = "cellular",
            SaveData = true,
            MemoryMb = 2048,
        };

        Assert.True(Full.Matches(web));
        Assert.False(Full.Matches(web with { MemoryMb = 8192 }));
        Assert.False(Full.Matches(web with { Providers = new HashSet<string> { "wasm", "webgpu" } }));
        Assert.True(new SelectionRule("fp16").Matches(web with { Platform = "desktop" }));
    }

    public static TheoryData<SelectionRule> Rules() =>
        new() { Full, new SelectionRule("fp16"), new SelectionRule("int4", MaxMemoryMb: 2048) };
}
