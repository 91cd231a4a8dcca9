using ModelHub.Core.Selection;

namespace ModelHub.Core.Tests.Selection;

public sealed class TierSelectorTests
{
    private const long MB = 1024 * 1024;

    private static readonly TierCandidate[] Standard =
    [
        new("fp32", "fp32", 1200 * MB, ["cpu", "cuda", "directml", "coreml"], IsReference: true),
        new("fp16", "fp16", 600 * MB, ["webgpu", "cuda", "coreml", "directml"]),
        new("int8", "int8", 300 * MB, ["cpu", "wasm", "nnapi"]),
        new("int4", "int4", 160 * MB, ["cpu", "wasm", "webgpu"]),
    ];

    private static readonly TierCandidate[] Tiny = [new("fp32", "fp32", 10 * MB, [])];
    private static readonly TierCandidate[] GpuOnly = [new("fp16", "fp16", 100 * MB, ["cuda"])];
    private static readonly SelectionRule[] WebRule = [new("int4", Platform: "web", NoProvider: "webgpu")];

    private static DeviceProfile Device(long? memoryMb, string providers, string? platform = null, string? network = null, bool saveData = false, long? budgetMb = null) =>
        new(memoryMb, providers.Length == 0 ? null : providers.Split(',').ToHashSet(), platform, network, saveData, budgetMb * MB);

    public static TheoryData<string, DeviceProfile, TierCandidate[], SelectionRule[], string?> Table() => new()
    {
        { "2 GB CPU-only Android phone", Device(2048, "cpu,nnapi", "android"), Standard, [], "int8" },
        { "16 GB WebGPU laptop", Device(16384, "webgpu,wasm", "web"), Standard, [], "fp16" },
        { "Save-Data on cellular", Device(4096, "cpu", "android", "cellular", saveData: true), Standard, [], "int4" },
        { "budget too small", Device(8192, "cpu", budgetMb: 100), Standard, [], null },
        { "rule overrides the default in a browser without WebGPU", Device(8192, "wasm", "web"), Standard, WebRule, "int4" },
        { "same browser without the rule", Device(8192, "wasm", "web"), Standard, [], "int8" },
        { "32 GB desktop with CUDA", Device(32768, "cuda,cpu", "windows"), Standard, [], "fp32" },
        { "8 GB CPU-only desktop", Device(8192, "cpu", "linux"), Standard, [], "fp32" },
        { "16 GB Mac with Core ML", Device(16384, "coreml,cpu", "macos"), Standard, [], "fp32" },
        { "1 GB phone", Device(1024, "cpu", "android"), Standard, [], "int8" },
        { "512 MB device", Device(512, "cpu"), Standard, [], "int4" },
        { "256 MB device takes the only tier that fits", Device(256, "cpu"), Standard, [], "int4" },
        { "128 MB device fits nothing", Device(128, "cpu"), Standard, [], null },
        { "DirectML-only Windows PC", Device(16384, "directml", "windows"), Standard, [], "fp32" },
        { "device that says nothing", Device(null, ""), Standard, [], "fp32" },
        { "3G network", Device(8192, "cpu", network: "3g"), Standard, [], "int4" },
        { "wifi with a 500 MB budget", Device(8192, "cpu", network: "wifi", budgetMb: 500), Standard, [], "int8" },
        { "200 MB budget", Device(8192, "cpu", budgetMb: 200), Standard, [], "int4" },
        { "NNAPI without CPU", Device(4096, "nnapi", "android"), Standard, [], "int8" },
        { "2 GB WebGPU-only browser", Device(2048, "webgpu", "web"), Standard, [], "fp16" },
        { "1.5 GB WebGPU-only browser keeps half its memory free", Device(1536, "webgpu", "web"), Standard, [], "int4" },
        { "tiny model on a 1 GB device", Device(1024, "cpu"), Tiny, [], "fp32" },
        { "GPU-only model on a CPU device", Device(8192, "cpu"), GpuOnly, [], null },
        { "rule for another platform is ignored", Device(8192, "wasm", "android"), Standard, WebRule, "int8" },
        { "rule whose tier cannot run here is skipped", Device(8192, "wasm", "web"), Standard, [new SelectionRule("fp32", Platform: "web")], "int8" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Selection_table(string profile, DeviceProfile device, TierCandidate[] tiers, SelectionRule[] rules, string? expected)
    {
        var result = TierSelector.Select(device, tiers, rules);

        Assert.True(expected == result.Chosen?.Name, $"{profile}: expected {expected ?? "none"}, got {result.Chosen?.Name ?? "none"} ({result.Reason})");
        Assert.Equal(tiers.Length, (result.Chosen is null ? 0 : 1) + result.Fallbacks.Count + result.Excluded.Count);
    }

    [Fact]
    public void Every_excluded_tier_says_why()
    {
        var result = TierSelector.Select(Device(1024, "cpu"), Standard);

        Assert.Equal("needs 1800 MB of memory, the device has 1024 MB", result.Excluded.Single(e => e.Variant == "fp32").Reason);
        Assert.Equal("needs webgpu or cuda or coreml or directml, the device offers cpu", result.Excluded.Single(e => e.Variant == "fp16").Reason);
    }

    [Fact]
    public void Fallbacks_follow_the_same_preference()
    {
        var result = TierSelector.Select(Device(32768, "cpu,cuda"), Standard);

        Assert.Equal(["fp16", "int8", "int4"], result.Fallbacks.Select(f => f.Name));
    }

    [Fact]
    public void Rule_choice_is_explained()
    {
        var result = TierSelector.Select(Device(8192, "wasm", "web"), Standard, WebRule);

        Assert.Equal("chose int4: rule 1 (platform=web and no webgpu → int4)", result.Reason);
    }

    [Fact]
    public void No_fit_reason_lists_each_tier()
    {
        var result = TierSelector.Select(Device(8192, "cpu", budgetMb: 100), Standard);

        Assert.StartsWith("no tier fits this device: fp32 ", result.Reason);
        Assert.Contains("int4 is 160 MB, over the download budget of 100 MB", result.Reason);
    }
}

public sealed class RolloutTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    public void Split_over_ten_thousand_clients_is_within_one_point_of_the_percentage(double percent)
    {
        var included = Enumerable.Range(0, 10_000).Count(i => Rollout.Includes("acme/model:stable", $"client-{i}", percent));

        Assert.InRange(included / 100.0, percent - 1, percent + 1);
    }

    [Fact]
    public void A_client_stays_in_its_bucket_and_a_larger_percentage_keeps_it_in()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"device-{i}").ToList();

        var first = ids.Where(id => Rollout.Includes("c", id, 20)).ToList();
        var again = ids.Where(id => Rollout.Includes("c", id, 20)).ToList();
        var wider = ids.Where(id => Rollout.Includes("c", id, 40)).ToHashSet();

        Assert.Equal(first, again);
        Assert.All(first, id => Assert.Contains(id, wider));
    }

    [Fact]
    public void No_client_id_means_no_rollout() => Assert.False(Rollout.Includes("c", null, 99));
}
