using System.Text.Json;
using ModelHub.Testing;
using ModelHub.TestModels;

namespace ModelHub.Cli.Tests;

/// <summary>
/// Every smoke hint the API takes, sent from the command line: a <c>--smoke</c> file and short flags scoped to a file,
/// shapes with kept dims, values, ranges, a <c>.npy</c> sample pushed with the version, a memory cap; what the server
/// refuses or rejects comes back with the reason and the right exit code.
/// </summary>
public abstract class CliSmokeTests(ServerFixture server) : IDisposable
{
    private readonly CliRunner _cli = new(server.BaseAddress);
    private readonly string _repo = "lab/smoke-" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Every_hint_form_reaches_the_models_so_the_voice_and_ocr_models_publish_from_the_cli()
    {
        var det = _cli.Write("det.onnx", RealisticModels.OcrDetector());
        var rec = _cli.Write("rec.onnx", RealisticModels.OcrRecognizer());
        var vad = _cli.Write("vad.onnx", RealisticModels.Vad());
        var matmul = _cli.Write("model.onnx", Models.MatMul());
        var speech = _cli.Write("speech.npy", Npy.Floats([.. Enumerable.Range(0, 512).Select(i => (float)Math.Sin(i / 7.0))], 1, 512));
        var hints = _cli.Write("hints.json", """{"files":{"rec.onnx":{"inputs":{"x":{"shape":[1,3,48,256]}}}}}"""u8.ToArray());

        var pushed = await _cli.RunAsync("push", _repo, "1", "--file", det, rec, vad, matmul, "--smoke", hints,
            "--smoke-shape", "x@det.onnx=1,_,96,96", "--smoke-range", "x@det.onnx=0:1",
            "--smoke-hint", "sr@vad.onnx=16000", "--smoke-sample", $"audio@vad.onnx={speech}",
            "--smoke-dim", "batch@model.onnx=2", "--validation-memory", "1g");

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        var detail = await (await server.Admin.GetAsync($"/v1/models/{_repo}/versions/1")).JsonAsync();
        var validation = detail.GetProperty("validation");
        var files = validation.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        Assert.Equal("[1,1,96,96]", Output(files["det.onnx"]));
        Assert.Equal("[1,256,5]", Output(files["rec.onnx"]));
        Assert.Equal("[2,3]", Output(files["model.onnx"]));
        var image = files["det.onnx"].GetProperty("inputs")[0];
        Assert.InRange(image.GetProperty("min").GetDouble(), 0, 1);
        Assert.InRange(image.GetProperty("max").GetDouble(), 0, 1);
        var audio = files["vad.onnx"].GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "audio");
        Assert.Equal("speech.npy", audio.GetProperty("sample").GetString());
        Assert.Equal(1024, validation.GetProperty("limits").GetProperty("requestedMemoryCapMegabytes").GetInt32());
        Assert.Contains(detail.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "speech.npy");
    }

    [Fact]
    public async Task A_hint_naming_no_input_fails_with_the_models_inputs_and_a_wrong_scope_is_a_usage_error()
    {
        var det = _cli.Write("det.onnx", RealisticModels.OcrDetector());

        var refused = await _cli.RunAsync("push", _repo, "1", "--file", det, "--smoke-shape", "image=1,3,96,96");
        var scoped = await _cli.RunAsync("push", _repo, "1", "--file", det, "--smoke-shape", "x@nowhere.onnx=1,3,96,96");

        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        Assert.Contains("det.onnx: x float[?,3,?,?]", refused.Out + refused.Error);
        Assert.Equal(ExitCodes.Usage, scoped.ExitCode);
        Assert.Contains("nowhere.onnx", scoped.Error);
    }

    [Fact]
    public async Task A_tier_whose_output_differs_in_shape_exits_3_naming_the_output()
    {
        var fp32 = _cli.Write("model.onnx", Models.MatMul());
        var wide = _cli.Write("model_wide.onnx", RealisticModels.MatMulWithOutput("y", Models.OutFeatures + 2));

        var pushed = await _cli.RunAsync("push", _repo, "1", "--variant", $"fp32={fp32}", "--variant", $"fp16={wide}", "--json");

        Assert.Equal(ExitCodes.Rejected, pushed.ExitCode);
        Assert.Equal("rejected", pushed.Json.GetProperty("state").GetString());
        Assert.Contains("`y`", pushed.Json.GetProperty("reason").GetString());
    }

    private static string Output(JsonElement file) => file.GetProperty("smoke").GetProperty("outputs")[0].GetProperty("shape").GetRawText();
}

public sealed class CliSmokeTestsOnEmbedded(EmbeddedServerFixture server) : CliSmokeTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class CliSmokeTestsOnPostgresS3(ExternalServerFixture server) : CliSmokeTests(server), IClassFixture<ExternalServerFixture>;
