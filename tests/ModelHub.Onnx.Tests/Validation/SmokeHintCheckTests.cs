using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Tests.Validation;

public sealed class SmokeHintCheckTests
{
    private static readonly ModelInputs[] Ocr =
    [
        new("det.onnx", "det", [new TensorInfo("x", "float", ["?", "3", "?", "?"])]),
        new("rec.onnx", "rec", [new TensorInfo("x", "float", ["?", "3", "48", "?"])]),
        new("cls.onnx", null, [new TensorInfo("x", "float", ["batch", "3", "48", "192"])]),
    ];

    [Fact]
    public void Hints_that_reach_an_input_pass()
    {
        var settings = new SmokeSettings(
            Dims: new Dictionary<string, long> { ["batch"] = 1 },
            Files: new Dictionary<string, SmokeScope>
            {
                ["det.onnx"] = new(Inputs: new Dictionary<string, SmokeHint> { ["x"] = new(Shape: [1, null, 640, 640]) }),
            },
            Variants: new Dictionary<string, SmokeScope>
            {
                ["rec"] = new(Inputs: new Dictionary<string, SmokeHint>
                {
                    ["x"] = new(Shape: [1, 3, 48, 320], Sample: "samples/line.npy"),
                }),
            });

        var result = SmokeHintCheck.Check(settings, Ocr, ["det.onnx", "rec.onnx", "cls.onnx", "samples/line.npy"]);

        Assert.True(result.Ok, string.Join("; ", result.Unmatched));
    }

    [Fact]
    public void Each_hint_that_reaches_nothing_is_named_by_its_pointer_with_every_models_inputs()
    {
        var settings = new SmokeSettings(
            Dims: new Dictionary<string, long> { ["height"] = 640 },
            Inputs: new Dictionary<string, SmokeHint> { ["image"] = new(Min: 0, Max: 1) },
            Files: new Dictionary<string, SmokeScope>
            {
                ["onnx/det.onnx"] = new(),
                ["det.onnx"] = new(Inputs: new Dictionary<string, SmokeHint> { ["x"] = new(Shape: [1, 3, 640]) }),
            },
            Variants: new Dictionary<string, SmokeScope>
            {
                ["int4"] = new(),
                ["rec"] = new(Inputs: new Dictionary<string, SmokeHint> { ["x"] = new(Sample: "line.bin") }),
            });

        var result = SmokeHintCheck.Check(settings, Ocr, ["det.onnx", "rec.onnx", "cls.onnx", "line.bin"]);

        Assert.Equal(
            [
                "/dims/height", "/inputs/image", "/variants/int4", "/variants/rec/inputs/x/sample", "/files/onnx~1det.onnx",
                "/files/det.onnx/inputs/x/shape",
            ],
            result.Unmatched.Select(u => u.Hint));
        Assert.Contains("no input named `image` in any ONNX file of the version", result.Unmatched[1].Reason);
        Assert.Contains("input `x` of det.onnx has 4", result.Unmatched[5].Reason);
        Assert.Equal(3, result.Models.Count);
        Assert.Equal(["?", "3", "48", "?"], result.Models[1].Inputs[0].Shape);
    }

    [Fact]
    public void File_hints_override_tier_hints_which_override_version_hints_field_by_field()
    {
        var settings = new SmokeSettings(
            Dims: new Dictionary<string, long> { ["batch"] = 2, ["samples"] = 512 },
            Inputs: new Dictionary<string, SmokeHint> { ["sr"] = new(Values: [8000]), ["audio"] = new(Min: -1, Max: 1) },
            Files: new Dictionary<string, SmokeScope>
            {
                ["vad.onnx"] = new(Dims: new Dictionary<string, long> { ["batch"] = 1 },
                    Inputs: new Dictionary<string, SmokeHint> { ["audio"] = new(Shape: [1, 1024]) }),
            },
            Variants: new Dictionary<string, SmokeScope>
            {
                ["fp32"] = new(Inputs: new Dictionary<string, SmokeHint> { ["sr"] = new(Values: [16000]) }),
            });

        var scope = settings.For("vad.onnx", "fp32");
        var other = settings.For("other.onnx");

        Assert.Equal(1, scope.Dims!["batch"]);
        Assert.Equal(512, scope.Dims["samples"]);
        Assert.Equal([16000], scope.Inputs!["sr"].Values);
        Assert.Equal([1, 1024], scope.Inputs["audio"].Shape);
        Assert.Equal((-1, 1), (scope.Inputs["audio"].Min, scope.Inputs["audio"].Max));
        Assert.Equal([8000], other.Inputs!["sr"].Values);
        Assert.Equal(2, other.Dims!["batch"]);
    }
}
