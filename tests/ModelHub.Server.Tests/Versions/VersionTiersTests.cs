using ModelHub.Contracts.Validation;
using ModelHub.Core.Entities;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Tests.Versions;

public sealed class VersionTiersTests
{
    private const long MiB = 1024 * 1024;

    private static RepositoryVersion Version(IEnumerable<(string Path, long Size)> files, params VersionVariant[] variants) => new()
    {
        Name = "1.0.0",
        CreatedBy = "test",
        Files = files.Select(f => new VersionFile { Path = f.Path, Digest = "sha256:" + f.Path, Size = f.Size, ContentType = "x" })
            .ToList(),
        Variants = variants.ToList(),
    };

    private static FileReport Report(string path, string precision, params string[] externalData) =>
        new(path, null, false, FileReport.Passed, null,
            new OnnxModelInfo(8, [], null, null, [], [], 0, precision, new Dictionary<string, long>(), [], externalData));

    [Fact]
    public void Without_declared_tiers_each_onnx_file_is_a_tier_named_after_its_stem()
    {
        var version = Version([("onnx/model.onnx", 10), ("onnx/model_fp16.onnx", 5), ("config.json", 1)]);

        var tiers = VersionTiers.From(version, null);

        Assert.Equal(["model", "model_fp16"], tiers.Select(t => t.Name));
        Assert.All(tiers, t => Assert.Null(t.Declared));
        Assert.Equal("model", VersionTiers.TierOf(version, "onnx/model.onnx"));
        Assert.Null(VersionTiers.TierOf(version, "config.json"));
    }

    [Fact]
    public void Declared_tiers_are_exactly_those_declared_and_name_their_downloads()
    {
        var version = Version([("a.onnx", 10), ("b.onnx", 5), ("c.onnx", 1)],
            new VersionVariant { Name = "fp32", Path = "a.onnx", IsReference = true, Precision = "fp32", Providers = ["cpu"] },
            new VersionVariant { Name = "int8", Path = "b.onnx", Quality = 0.5 });

        var tiers = VersionTiers.From(version, null);

        Assert.Equal(["fp32", "int8"], tiers.Select(t => t.Name));
        Assert.True(tiers[0].IsReference);
        Assert.Equal(["cpu"], tiers[0].Providers);
        Assert.Equal(0.5, tiers[1].Candidate.Quality);
        Assert.Equal("int8", VersionTiers.TierOf(version, "b.onnx"));
        Assert.Null(VersionTiers.TierOf(version, "c.onnx"));
    }

    [Fact]
    public void External_data_travels_with_its_tier_and_counts_in_its_size_and_memory()
    {
        var version = Version([("m/model.onnx", 2 * MiB), ("m/model.onnx_data", 98 * MiB), ("m/other.onnx", MiB)]);
        var report = new ValidationReport(true, null, [Report("m/model.onnx", "fp32", "model.onnx_data", "missing.bin")], 1);

        var tier = VersionTiers.From(version, report)[0];

        Assert.Equal(["m/model.onnx", "m/model.onnx_data"], tier.Files.Select(f => f.Path));
        Assert.Equal("m/model.onnx", tier.Model.Path);
        Assert.Equal(100 * MiB, tier.SizeBytes);
        Assert.Equal(150, tier.NeededMemoryMb);
        Assert.Same(report.Files[0], tier.FileReport);
    }

    [Fact]
    public void Precision_is_declared_else_detected_else_unknown_to_selection()
    {
        var version = Version([("a.onnx", 1), ("b.onnx", 1), ("c.onnx", 1)],
            new VersionVariant { Name = "a", Path = "a.onnx", Precision = "fp16", MinMemoryMb = 7 },
            new VersionVariant { Name = "b", Path = "b.onnx" },
            new VersionVariant { Name = "c", Path = "c.onnx" });
        var report = new ValidationReport(true, null, [Report("a.onnx", "fp32"), Report("b.onnx", "int8")], 1);

        var tiers = VersionTiers.From(version, report);

        Assert.Equal(["fp16", "int8", null], tiers.Select(t => t.Precision));
        Assert.Equal("unknown", tiers[2].Candidate.Precision);
        Assert.Equal(7, tiers[0].NeededMemoryMb);
        Assert.Equal(7, tiers[0].Candidate.NeededMemoryMb);
    }

    [Fact]
    public void Memory_is_declared_else_measured_by_validation_else_estimated_and_says_which()
    {
        var version = Version([("a.onnx", 100 * MiB), ("b.onnx", 100 * MiB), ("c.onnx", 100 * MiB)],
            new VersionVariant { Name = "a", Path = "a.onnx", MinMemoryMb = 900 },
            new VersionVariant { Name = "b", Path = "b.onnx" },
            new VersionVariant { Name = "c", Path = "c.onnx" });
        var measured = new MemoryUse(PeakBytes: (220 * MiB) + 1, LoadedBytes: 200 * MiB, BaselineBytes: 40 * MiB, MemoryUse.Sampled);
        var report = new ValidationReport(true, null,
            [Report("a.onnx", "fp32") with { Memory = measured }, Report("b.onnx", "fp32") with { Memory = measured }], 1);

        var tiers = VersionTiers.From(version, report);

        Assert.Equal([900L, 221L, 150L], tiers.Select(t => t.NeededMemoryMb));
        Assert.Equal(["declared", "measured", "estimated"], tiers.Select(t => t.MemorySource));
        Assert.Equal([900L, 221L, 150L], tiers.Select(t => t.Candidate.NeededMemoryMb));
    }
}
