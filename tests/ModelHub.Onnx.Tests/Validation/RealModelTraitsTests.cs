using ModelHub.Contracts.Validation;
using ModelHub.TestModels;

namespace ModelHub.Onnx.Tests.Validation;

/// <summary>Models with the traits of real ones: a sample-rate input, unnamed dims, files sharing an input name, samples.</summary>
public sealed class RealModelTraitsTests : WorkerTestBase
{
    private static readonly SmokeHint Audio512 = new(Shape: [null, 512]);
    private static readonly SmokeHint Rate16k = new(Values: [16000]);

    [Fact]
    public async Task The_voice_model_blames_the_audio_when_the_audio_is_at_fault_and_the_rate_when_the_rate_is()
    {
        var model = Write("vad.onnx", RealisticModels.Vad());

        var none = await Validator().ValidateAsync(Request([model]));
        var audioOnly = await Validator().ValidateAsync(Request([model], new SmokeSettings(Inputs: Hints(("audio", Audio512)))));
        var both = await Validator().ValidateAsync(Request([model],
            new SmokeSettings(Inputs: Hints(("audio", Audio512), ("sr", Rate16k)))));

        Assert.Contains("Cause: node `Reshape_0` depends on `audio`; input `audio` (float [1, 1]; dim 1 `?` set to 1 as a placeholder)",
            none.Reason);
        Assert.DoesNotContain("input `sr`", none.Reason);
        // ONNX Runtime's whole message, not its first 400 characters.
        Assert.Contains("Input shape:{1,1}, requested shape:{-1,64}", none.Reason);
        Assert.Contains("input `sr` (int64 scalar) got a generated value (in [0, 10)): "
            + "if it must be a particular value such as a sample rate, give it with smoke.inputs.sr.values", audioOnly.Reason);
        Assert.DoesNotContain("input `audio` (", audioOnly.Reason);
        Assert.True(both.Passed, both.Reason);
        var file = both.Files[0];
        Assert.Equal([1, 1], file.Smoke!.Outputs[0].Shape);
        Assert.Equal([1, 512], file.Inputs![0].Shape);
        Assert.Null(file.Inputs[0].Placeholders);
        Assert.Equal((SmokeInput.Synthetic, true), (file.Inputs[0].Source, file.Inputs[0].Hinted));
        Assert.Equal((SmokeInput.HintedSource, 16000.0, 16000.0), (file.Inputs[1].Source, file.Inputs[1].Min, file.Inputs[1].Max));
        Assert.True(file.Smoke.LatencyRepresentative);
    }

    [Fact]
    public async Task Inputs_too_large_to_build_fail_the_file_with_their_shape_while_the_model_has_loaded_beside_them()
    {
        // 3 × 100,000 × 100,000 floats: more elements than a tensor can hold. The model loads while its inputs are built.
        var settings = new SmokeSettings(Inputs: Hints(("x", new SmokeHint(Shape: [1, 3, 100_000, 100_000]))));
        var report = await Validator().ValidateAsync(Request([Write("det.onnx", RealisticModels.OcrDetector())], settings));

        Assert.False(report.Passed);
        var file = Assert.Single(report.Files);
        Assert.Equal(FileReport.Failed, file.Status);
        Assert.StartsWith("the inputs cannot be built: ", file.Reason);
        Assert.Equal([1, 3, 100_000, 100_000], file.Inputs![0].Shape);
        Assert.Null(file.Smoke);
        Assert.Contains("det.onnx: the inputs cannot be built", report.Reason);
    }

    [Fact]
    public async Task Placeholder_dims_are_named_and_the_latency_is_marked_not_representative()
    {
        var report = await Validator().ValidateAsync(Request([Write("det.onnx", RealisticModels.OcrDetector())]));

        Assert.True(report.Passed, report.Reason);
        var file = report.Files[0];
        Assert.Equal([new PlaceholderDim(0, "?"), new PlaceholderDim(2, "?"), new PlaceholderDim(3, "?")], file.Inputs![0].Placeholders!);
        Assert.False(file.Smoke!.LatencyRepresentative);
        Assert.StartsWith("placeholder dims set to 1: `x` dim 0 (`?`), dim 2 (`?`), dim 3 (`?`); the latency is not representative",
            Assert.Single(file.Warnings!));
    }

    [Fact]
    public async Task Three_files_sharing_the_input_name_x_are_hinted_apart_by_file_and_tier()
    {
        var settings = new SmokeSettings(
            Inputs: Hints(("x", new SmokeHint(Shape: [1, null, 48, 192]))),
            Files: new Dictionary<string, SmokeScope>
            {
                ["ocr/det.onnx"] = new(Inputs: Hints(("x", new SmokeHint(Shape: [1, 3, 64, 64])))),
            },
            Variants: new Dictionary<string, SmokeScope> { ["rec"] = new(Inputs: Hints(("x", new SmokeHint(Shape: [1, 3, 48, 320])))) });

        var report = await Validator().ValidateAsync(Request([
            Write("ocr/det.onnx", RealisticModels.OcrDetector()),
            Write("ocr/rec.onnx", RealisticModels.OcrRecognizer(), "rec"),
            Write("ocr/cls.onnx", RealisticModels.OcrClassifier()),
        ], settings));

        Assert.True(report.Passed, report.Reason);
        Assert.Equal([1, 1, 64, 64], report.Files.Single(f => f.Path == "ocr/det.onnx").Smoke!.Outputs[0].Shape);
        Assert.Equal([1, 320, 5], report.Files.Single(f => f.Path == "ocr/rec.onnx").Smoke!.Outputs[0].Shape);
        Assert.Equal([1, 2], report.Files.Single(f => f.Path == "ocr/cls.onnx").Smoke!.Outputs[0].Shape);
        Assert.All(report.Files, f => Assert.True(f.Smoke!.LatencyRepresentative));
        Assert.Null(report.Warnings);
    }

    [Fact]
    public async Task Hints_that_reach_no_input_are_named_in_the_report()
    {
        var settings = new SmokeSettings(Files: new Dictionary<string, SmokeScope>
        {
            ["det.onnx"] = new(Inputs: Hints(("image", new SmokeHint(Min: 0)))),
        });

        var report = await Validator().ValidateAsync(Request([Write("det.onnx", RealisticModels.OcrDetector())], settings));

        Assert.Equal(["smoke hint /files/det.onnx/inputs/image: no input named `image` in det.onnx"], report.Warnings);
    }

    [Fact]
    public async Task A_sample_feeds_the_run_and_the_report_states_the_inputs_used_also_when_the_run_fails()
    {
        var audio = Enumerable.Range(0, 256).Select(i => (float)(0.5 * Math.Sin(i / 10.0))).ToArray();
        Directory.CreateDirectory(Path.Combine(Folder, "samples"));
        File.WriteAllBytes(Path.Combine(Folder, "samples", "audio.npy"), Npy.Floats(audio, 1, 256));
        var model = Write("vad.onnx", RealisticModels.Vad());
        var sample = Hints(("audio", new SmokeHint(Sample: "samples/audio.npy")));

        var failed = await Validator().ValidateAsync(Request([model], new SmokeSettings(Inputs: sample), ["samples/audio.npy"]));
        var passed = await Validator().ValidateAsync(Request([model],
            new SmokeSettings(Inputs: Hints(("audio", sample["audio"]), ("sr", Rate16k))), ["samples/audio.npy"]));

        var fed = failed.Files[0].Inputs!;
        Assert.Equal((SmokeInput.SampleSource, "samples/audio.npy"), (fed[0].Source, fed[0].Sample));
        Assert.Equal([1, 256], fed[0].Shape);
        Assert.InRange(fed[0].Min!.Value, -0.5, -0.49);
        Assert.InRange(fed[0].Max!.Value, 0.49, 0.5);
        Assert.Equal(SmokeInput.Synthetic, fed[1].Source);
        Assert.Contains("input `sr`", failed.Reason);
        Assert.True(passed.Passed, passed.Reason);
        Assert.Equal(SmokeInput.SampleSource, passed.Files[0].Smoke!.Inputs[0].Source);
    }

    [Theory]
    [InlineData("fortran", "sample `bad.npy` for input `audio`: the array is in Fortran order; save it in C order")]
    [InlineData("integers", "sample `bad.npy` for input `audio`: its dtype '<i8' does not fit the float input (save it as a float type)")]
    [InlineData("rank", "sample `bad.npy` for input `audio` has shape [256]; the model's input has 2 dims [1, ?]")]
    [InlineData("missing", "sample `missing.npy` for input `audio`: it is not a .npy file of this version")]
    public async Task Samples_that_do_not_fit_are_refused_with_a_reason(string kind, string reason)
    {
        var bytes = kind switch
        {
            "fortran" => Npy.Write("<f4", [1, 2], new byte[8], fortranOrder: true),
            "integers" => Npy.Int64s([1, 2], 1, 2),
            _ => Npy.Floats(new float[256], 256),
        };
        File.WriteAllBytes(Path.Combine(Folder, "bad.npy"), bytes);
        var name = kind == "missing" ? "missing.npy" : "bad.npy";
        var settings = new SmokeSettings(Inputs: Hints(("audio", new SmokeHint(Sample: name)), ("sr", Rate16k)));

        var report = await Validator().ValidateAsync(Request([Write("vad.onnx", RealisticModels.Vad())], settings, ["bad.npy"]));

        Assert.StartsWith($"vad.onnx: {reason}", report.Reason);
    }

    [Fact]
    public async Task A_runtime_failure_keeps_the_whole_message_and_shows_version_paths_only()
    {
        var report = await Validator().ValidateAsync(Request([Write("onnx/model.onnx", RealisticModels.CustomOperator())]));

        Assert.Contains("ONNX Runtime could not load the model: [ErrorCode:Fail] Load model from onnx/model.onnx failed:", report.Reason);
        Assert.Contains("com.example:Frobnicate(-1) is not a registered function/op", report.Reason);
        Assert.DoesNotContain(Folder, report.Reason);
        Assert.DoesNotContain(Path.GetTempPath(), report.Reason);
    }

    [Fact]
    public async Task A_declared_precision_that_the_weights_contradict_is_flagged()
    {
        var report = await Validator().ValidateAsync(Request([
            Write("model.onnx", Models.MatMul(), precision: "int8"),
            Write("model_int8.onnx", Models.MatMulInt8(), precision: "int8"),
        ]));

        Assert.True(report.Passed, report.Reason);
        Assert.Equal("int8", report.Files[0].DeclaredPrecision);
        Assert.StartsWith("declared precision int8 contradicts the weights, which are fp32 (weight elements: float 12;",
            Assert.Single(report.Files[0].Warnings!));
        Assert.Null(report.Files[1].Warnings);
    }
}
