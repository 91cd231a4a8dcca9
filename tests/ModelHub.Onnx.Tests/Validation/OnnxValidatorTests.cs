using ModelHub.Contracts.Validation;
using ModelHub.TestModels;

namespace ModelHub.Onnx.Tests.Validation;

/// <summary>The validator end to end: a real worker process running ONNX Runtime on generated models.</summary>
public sealed class OnnxValidatorTests : WorkerTestBase
{
    [Fact]
    public async Task Runnable_model_passes_with_latency_outputs_and_inspection()
    {
        var report = await Validator().ValidateAsync(Request([Write("model.onnx", Models.MatMul())], runs: 3));

        Assert.True(report.Passed, report.Reason);
        var file = Assert.Single(report.Files);
        Assert.Equal("fp32", file.Model!.Precision);
        Assert.Equal([1, 3], Assert.Single(file.Smoke!.Outputs).Shape);
        Assert.Equal((3, 2, 1), (file.Smoke.Runs, file.Smoke.TimedRuns, file.Smoke.InputSets));
        Assert.True(file.Smoke.MedianLatencyMs >= 0 && file.Smoke.FirstRunMs >= 0);
        // The batch dim was a placeholder, but batch 1 is the usual case: the latency stands.
        Assert.Equal([new PlaceholderDim(0, "batch")], file.Inputs![0].Placeholders!);
        Assert.True(file.Smoke.LatencyRepresentative);
    }

    [Fact]
    public async Task Symbolic_dims_take_their_sizes_from_the_hints()
    {
        var settings = new SmokeSettings(Dims: new Dictionary<string, long> { ["batch"] = 5 });

        var report = await Validator().ValidateAsync(Request([Write("model.onnx", Models.MatMul())], settings));

        Assert.Equal([5, 3], report.Files[0].Smoke!.Outputs[0].Shape);
    }

    [Fact]
    public async Task Sample_rate_input_without_a_hint_is_rejected_with_advice_and_passes_with_one()
    {
        var model = Write("model.onnx", Models.SampleRate());
        var hinted = new SmokeSettings(Inputs: new Dictionary<string, SmokeHint> { ["sr"] = new(Values: [16000]) });

        var without = await Validator().ValidateAsync(Request([model]));
        var with = await Validator().ValidateAsync(Request([model], hinted));

        Assert.False(without.Passed);
        Assert.Contains("input `sr` (int64 scalar) got a generated value (in [0, 10)): if it must be a particular value", without.Reason);
        Assert.True(with.Passed, with.Reason);
    }

    [Fact]
    public async Task Fp16_and_int8_tiers_that_agree_pass_with_their_numbers()
    {
        var report = await Validator().ValidateAsync(Request([
            Write("model.onnx", Models.MatMul(), "fp32", reference: true),
            Write("model_fp16.onnx", Models.MatMulFp16(), "fp16"),
            Write("model_int8.onnx", Models.MatMulInt8(), "int8"),
        ]));

        Assert.True(report.Passed, report.Reason);
        foreach (var tier in report.Files.Where(f => !f.IsReference))
        {
            var agreement = Assert.Single(tier.Agreement!);
            Assert.True(agreement.Cosine > 0.99, $"{tier.Variant}: {agreement.Cosine}");
            Assert.True(agreement.MaxAbsDiff < 0.1, $"{tier.Variant}: {agreement.MaxAbsDiff}");
        }
    }

    [Fact]
    public async Task Broken_tier_fails_naming_the_output_and_the_numbers()
    {
        var report = await Validator().ValidateAsync(Request([
            Write("model.onnx", Models.MatMul(), "fp32", reference: true),
            Write("model_fp16.onnx", Models.MatMulBroken(), "fp16"),
        ]));

        Assert.False(report.Passed);
        var broken = report.Files.Single(f => f.Variant == "fp16");
        Assert.Matches("tier fp16 disagrees with the reference tier fp32: output `y`: cosine similarity -?[0-9.]+ < 0.98", broken.Reason);
    }

    [Theory]
    [InlineData("truncated", "truncated protobuf at byte")]
    [InlineData("random", "")]
    [InlineData("text", "not an ONNX model")]
    [InlineData("non-finite", "NaN or infinite")]
    [InlineData("exploding dims", "")]
    [InlineData("absolute external data", "must be a relative path")]
    [InlineData("escaping external data", "must not leave the model's folder")]
    public async Task Hostile_file_is_rejected_with_a_reason(string kind, string reasonPart)
    {
        var bytes = kind switch
        {
            "truncated" => Models.Truncated(),
            "random" => Models.RandomBytes(),
            "text" => Models.NotOnnx(),
            "non-finite" => Models.NonFinite(),
            "exploding dims" => Models.MemoryHog(1L << 40),
            "absolute external data" => Models.WithExternalData("/etc/passwd"),
            _ => Models.WithExternalData("../../../../etc/passwd"),
        };

        var report = await Validator().ValidateAsync(Request([Write("model.onnx", bytes)]));

        Assert.False(report.Passed);
        Assert.False(string.IsNullOrWhiteSpace(report.Reason));
        Assert.Contains(reasonPart, report.Reason);
    }

    [Fact]
    public async Task External_data_that_is_a_file_of_the_version_loads()
    {
        Write("weights.bin", Models.ExternalWeights());

        var model = Write("model.onnx", Models.WithExternalData("weights.bin"));

        var report = await Validator().ValidateAsync(Request([model], extraFiles: ["weights.bin"]));

        Assert.True(report.Passed, report.Reason);
        Assert.Equal(["weights.bin"], report.Files[0].Model!.ExternalData);
    }
}
