using System.Text.Json;
using ModelHub.Contracts.Validation;
using ModelHub.TestModels;

namespace ModelHub.Onnx.Tests.Validation;

public sealed class TierAgreementTests : WorkerTestBase
{
    private static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web);

    private static readonly SmokeSettings VadHints =
        new(Inputs: Hints(("audio", new SmokeHint(Shape: [1, 512])), ("sr", new SmokeHint(Values: [16000]))));

    [Fact]
    public async Task A_tier_with_random_weights_behind_a_one_element_output_is_rejected_and_a_quantized_one_passes()
    {
        var report = await Validator().ValidateAsync(Request([
            Write("vad.onnx", RealisticModels.Vad(), "fp32", reference: true),
            Write("vad_int8.onnx", RealisticModels.VadInt8(), "int8"),
            Write("vad_broken.onnx", RealisticModels.Vad(seed: 1001), "broken"),
        ], VadHints));

        var (reference, int8, broken) = (report.Files[0], report.Files[1], report.Files[2]);
        Assert.Equal(FileReport.Passed, int8.Status);
        Assert.Equal(FileReport.Failed, broken.Status);
        Assert.StartsWith("tier broken disagrees with the reference tier fp32: output `prob`: cosine similarity", broken.Reason);
        // One value per run: eight input sets make a vector of eight.
        Assert.All(report.Files, f => Assert.Equal(8, f.Smoke!.InputSets));
        Assert.Equal(8, Assert.Single(int8.Agreement!).Values);
        Assert.True(int8.Agreement![0].RelativeError < 0.05, $"{int8.Agreement[0].RelativeError}");
        Assert.Equal(new Tolerance(0.98, null, 0.2), report.Tolerance);
        Assert.Null(reference.Agreement);
    }

    [Fact]
    public async Task Tiers_whose_outputs_differ_in_name_or_shape_are_rejected_naming_the_output_and_both_shapes()
    {
        var report = await Validator().ValidateAsync(Request([
            Write("model.onnx", Models.MatMul(), "fp32", reference: true),
            Write("model_wide.onnx", RealisticModels.MatMulWithOutput("y", 4), "wide"),
            Write("model_renamed.onnx", RealisticModels.MatMulWithOutput("z", Models.OutFeatures), "renamed"),
        ]));

        Assert.Equal("tier wide disagrees with the reference tier fp32: "
            + "output `y` has shape [1, 4] in tier wide and [1, 3] in the reference", report.Files[1].Reason);
        Assert.Equal("tier renamed disagrees with the reference tier fp32: output `y` [1, 3] of the reference is missing from tier renamed "
            + "(its outputs: `z` [1, 3])", report.Files[2].Reason);
        Assert.Equal([1, 4], report.Files[1].Agreement![0].Shape);
        Assert.Equal([1, 3], report.Files[1].Agreement![0].ReferenceShape);
        Assert.Equal(2, report.Files[2].Agreement!.Count);
        // The API's own options refuse NaN: the report must serialise with them.
        Assert.Contains("\"cosine\":null", JsonSerializer.Serialize(report, Api));
    }

    [Fact]
    public async Task Every_tier_runs_on_the_same_sample_inputs_as_the_reference()
    {
        var audio = Enumerable.Range(0, 640).Select(i => (float)Math.Sin(i / 7.0)).ToArray();
        File.WriteAllBytes(Path.Combine(Folder, "speech.npy"), Npy.Floats(audio, 1, 640));
        var settings = new SmokeSettings(
            Inputs: Hints(("sr", new SmokeHint(Values: [16000]))),
            Variants: new Dictionary<string, SmokeScope>
            {
                ["fp32"] = new(Inputs: Hints(("audio", new SmokeHint(Sample: "speech.npy")))),
                ["int8"] = new(Inputs: Hints(("audio", new SmokeHint(Sample: "speech.npy")))),
            });

        var report = await Validator().ValidateAsync(Request([
            Write("vad.onnx", RealisticModels.Vad(), "fp32", reference: true),
            Write("vad_int8.onnx", RealisticModels.VadInt8(), "int8"),
        ], settings, ["speech.npy"]));

        Assert.True(report.Passed, report.Reason);
        Assert.All(report.Files, f => Assert.Equal((SmokeInput.SampleSource, "speech.npy"), (f.Inputs![0].Source, f.Inputs[0].Sample)));
        Assert.Equal(report.Files[0].Inputs![0].Min, report.Files[1].Inputs![0].Min);
    }
}
