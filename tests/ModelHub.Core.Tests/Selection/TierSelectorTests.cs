using ModelHub.Contracts.Repositories;
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

    private static DeviceProfile Device(
        long? memoryMb, string providers, string? platform = null, string? network = null, bool saveData = false, long? budgetMb = null) =>
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
        { "rule for another platform is ignored (Android implies the CPU)", Device(8192, "wasm", "android"), Standard, WebRule, "fp32" },
        {
            "rule whose tier cannot run here is skipped", Device(8192, "wasm", "web"), Standard,
            [new SelectionRule("fp32", Platform: "web")], "int8"
        },
        { "browser prefers the fp16 WebGPU tier to the fp32 wasm one", Device(8192, "webgpu,wasm", "web"), WebTiers, [], "fp16" },
        { "browser without WebGPU takes the fp32 wasm tier", Device(8192, "wasm", "web"), WebTiers, [], "fp32" },
        { "browser named only by its providers implies wasm", Device(8192, "webgpu"), WebTiers, [], "fp16" },
        { "ep=nnapi alone on Android still runs a CPU tier", Device(8192, "nnapi", "android"), CpuOnly, [], "fp32" },
        { "CUDA tier beats the CPU tier of higher quality", Device(32768, "cuda,cpu", "linux"), Accelerated, [], "fp16" },
        { "TensorRT beats CUDA", Device(32768, "tensorrt,cuda", "linux"), Accelerated, [], "int8" },
        { "CPU-only desktop keeps the CPU tier", Device(32768, "cpu", "linux"), Accelerated, [], "fp32" },
        { "comfort first: the CUDA tier that eats memory falls back", Device(1024, "cuda", "linux"), Accelerated, [], "fp32" },
        { "measured memory replaces the estimate", Device(1024, "cpu"), Measured, [], "fp32" },
        { "declared memory beats the measurement", Device(1024, "cpu"), Declared, [], null },
    };

    private static readonly TierCandidate[] WebTiers =
    [
        new("fp32", "fp32", 400 * MB, ["wasm"], IsReference: true),
        new("fp16", "fp16", 200 * MB, ["webgpu"]),
    ];

    private static readonly TierCandidate[] CpuOnly = [new("fp32", "fp32", 100 * MB, ["cpu"])];

    private static readonly TierCandidate[] Accelerated =
    [
        new("fp32", "fp32", 300 * MB, ["cpu"], IsReference: true),
        new("fp16", "fp16", 150 * MB, ["cuda"], MinMemoryMb: 600),
        new("int8", "int8", 80 * MB, ["tensorrt"]),
    ];

    // 900 MB of weights: estimated at 1350 MB (over the device), measured at 400 MB.
    private static readonly TierCandidate[] Measured = [new("fp32", "fp32", 900 * MB, []) { MeasuredMemoryMb = 400 }];

    private static readonly TierCandidate[] Declared = [new("fp32", "fp32", 900 * MB, [], MinMemoryMb: 2048) { MeasuredMemoryMb = 400 }];

    [Theory]
    [MemberData(nameof(Table))]
    public void Selection_table(string profile, DeviceProfile device, TierCandidate[] tiers, SelectionRule[] rules, string? expected)
    {
        var result = TierSelector.Select(device, tiers, rules);

        Assert.True(expected == result.Chosen?.Name,
            $"{profile}: expected {expected ?? "none"}, got {result.Chosen?.Name ?? "none"} ({result.Reason})");
        Assert.Equal(tiers.Length, (result.Chosen is null ? 0 : 1) + result.Fallbacks.Count + result.Excluded.Count);
    }

    [Fact]
    public void Every_excluded_tier_says_why()
    {
        var result = TierSelector.Select(Device(1024, "cpu"), Standard);

        Assert.Equal("needs 1800 MB of memory (estimated), the device has 1024 MB",
            result.Excluded.Single(e => e.Variant == "fp32").Reason);
        Assert.Equal("needs webgpu or cuda or coreml or directml, the device offers cpu",
            result.Excluded.Single(e => e.Variant == "fp16").Reason);
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

        Assert.Equal("chose int4 on wasm: rule 1 (platform=web and no webgpu → int4)", result.Reason);
    }

    [Fact]
    public void The_provider_to_create_the_session_with_is_named_and_explained()
    {
        var device = Device(8192, "webgpu,wasm", "web");
        var result = TierSelector.Select(device, WebTiers);

        Assert.Equal("webgpu", result.Chosen!.ProviderOn(device));
        Assert.Equal("wasm", result.Fallbacks.Single().ProviderOn(device));
        Assert.StartsWith("chose fp16 on webgpu: webgpu is the best execution provider here", result.Reason);
    }

    [Fact]
    public void A_tier_that_runs_anywhere_runs_on_the_devices_best_provider()
    {
        var tier = new TierCandidate("model", "fp32", MB, []);

        Assert.Equal("cuda", tier.ProviderOn(Device(null, "cuda", "linux")));
        Assert.Equal("cpu", tier.ProviderOn(Device(null, "")));
        Assert.Equal("wasm", tier.ProviderOn(Device(null, "", "web")));
    }

    [Fact]
    public void Memory_need_says_where_it_comes_from()
    {
        var measured = TierSelector.Select(Device(300, "cpu"), Measured);
        var estimated = new TierCandidate("fp32", "fp32", 900 * MB, []);

        Assert.Equal("needs 400 MB of memory (measured), the device has 300 MB", measured.Excluded.Single().Reason);
        Assert.Equal(("measured", 400L), (Measured[0].MemorySource, Measured[0].NeededMemoryMb));
        Assert.Equal(("estimated", 1350L), (estimated.MemorySource, estimated.NeededMemoryMb));
        Assert.Equal(("declared", 2048L), (Declared[0].MemorySource, Declared[0].NeededMemoryMb));
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
    public void Two_rollouts_on_one_channel_start_with_different_clients()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"device-{i}").ToList();

        var first = ids.Where(id => Rollout.Includes(Rollout.Key(1, "stable", 10), id, 30)).ToHashSet();
        var second = ids.Where(id => Rollout.Includes(Rollout.Key(1, "stable", 11), id, 30)).ToHashSet();

        // Independent cohorts overlap in about 30 % of 30 % = 90 clients; the unsalted bucket gave the same 300.
        Assert.InRange(first.Intersect(second).Count(), 50, 140);
    }

    [Fact]
    public void No_client_id_means_no_rollout() => Assert.False(Rollout.Includes("c", null, 99));
}
