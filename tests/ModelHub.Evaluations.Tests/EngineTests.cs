using System.Text;
using ModelHub.Contracts.Evaluations;
using ModelHub.Datasets;
using ModelHub.Evaluations.Isolation;
using ModelHub.Onnx.Protos;
using ModelHub.TestModels;
using SkiaSharp;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.Evaluations.Tests;

/// <summary>
/// The engine end to end on real files: a table materialised by the table engine, images decoded by Skia, models built in
/// code that classify an image by its dominant colour (the mean of each channel) or predict a number.
/// </summary>
public sealed class EngineTests : IDisposable
{
    private static readonly string[] Colours = ["red", "green", "blue"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelhub-eval-tests-" + Guid.NewGuid().ToString("N"));

    public EngineTests() => Directory.CreateDirectory(_root);

    [Theory]
    [InlineData("nchw", "rgb", "stretch", 1.0)]
    [InlineData("nhwc", "rgb", "fit", 1.0)]
    // Read as BGR, red and blue images swap classes: only the green ones stay right.
    [InlineData("nchw", "bgr", "stretch", 1.0 / 3)]
    public async Task Images_are_decoded_resized_and_laid_out_as_the_spec_says(string layout, string color, string resize, double accuracy)
    {
        var table = await TableAsync("path,label\n" + string.Join("\n", Colours.SelectMany((c, i) => new[]
        {
            $"images/{c}-wide.png,{c}", $"images/{c}-tall.png,{c}",
        })) + "\nimages/missing.png,red\nimages/red-wide.png,purple\n");
        for (var i = 0; i < Colours.Length; i++)
        {
            Png($"images/{Colours[i]}-wide.png", 40, 10, i);
            Png($"images/{Colours[i]}-tall.png", 7, 30, i);
        }

        var model = Write("colour.onnx", ColourModel(layout));
        var spec = new EvaluationSpec("lab/colours@1", "labels.csv",
            Inputs: [new InputMapping(Image: new ImageInput("path", 8, 8, resize, color, layout))],
            Output: new OutputMeaning(
                EvaluationTerms.Classification, Scores: EvaluationTerms.Logits, Classes: [.. Colours], Label: "label"));

        var outcome = await EvaluationEngine.RunAsync(Work(spec, table, [new TierFile("fp32", model, true)], images: _root));

        Assert.Equal(6, outcome.Rows);
        Assert.Equal(2, outcome.Skipped);
        Assert.Equal(accuracy, outcome.Tiers[0].Accuracy!.Value, 6);
        Assert.Equal(2, outcome.Tiers[0].K);
        Assert.True(File.Exists(Path.Combine(_root, "scratch", "predictions.parquet")));
    }

    [Fact]
    public async Task A_regression_is_scored_by_mae_and_rmse()
    {
        var table = await TableAsync("a,b,y\n1,2,3\n2,2,4\n0,1,2\n");
        var model = Write("sum.onnx", new GraphBuilder("sum")
            .Input("x", DataType.Float, "batch", 2).Output("y", DataType.Float, "batch", 1)
            .Initializer(Tensors.Float("w", [1, 1], 2, 1)).Node("MatMul", ["x", "w"], ["y"]).Bytes());
        var spec = new EvaluationSpec("lab/sums@1", "labels.csv", Inputs: [new InputMapping(Columns: ["a", "b"])],
            Output: new OutputMeaning(EvaluationTerms.Regression, Target: "y"));

        var outcome = await EvaluationEngine.RunAsync(Work(spec, table, [new TierFile("fp32", model, true)]));

        // Predictions 3, 4, 1 against targets 3, 4, 2.
        Assert.Equal(1.0 / 3, outcome.Tiers[0].Mae!.Value, 6);
        Assert.Equal(Math.Sqrt(1.0 / 3), outcome.Tiers[0].Rmse!.Value, 6);
    }

    [Fact]
    public async Task An_input_shape_that_does_not_fit_is_refused_before_any_row_runs()
    {
        var table = await TableAsync("a,b,y\n1,2,3\n");
        var model = Write("sum.onnx", new GraphBuilder("sum")
            .Input("x", DataType.Float, "batch", 3).Output("y", DataType.Float, "batch", 1)
            .Initializer(Tensors.Float("w", [1, 1, 1], 3, 1)).Node("MatMul", ["x", "w"], ["y"]).Bytes());
        var spec = new EvaluationSpec("lab/sums@1", "labels.csv", Inputs: [new InputMapping(Columns: ["a", "b"])],
            Output: new OutputMeaning(EvaluationTerms.Regression, Target: "y"));

        var error = await Assert.ThrowsAsync<EvaluationException>(
            () => EvaluationEngine.RunAsync(Work(spec, table, [new TierFile("fp32", model, true)])));

        Assert.Contains("[?, 3]", error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private EvaluationWork Work(EvaluationSpec spec, string table, IReadOnlyList<TierFile> tiers, string? images = null)
    {
        var scratch = Directory.CreateDirectory(Path.Combine(_root, "scratch")).FullName;
        return new EvaluationWork(spec, table, tiers, scratch, Path.Combine(scratch, "predictions.parquet"), images);
    }

    private async Task<string> TableAsync(string csv)
    {
        var source = Write("labels.csv", Encoding.UTF8.GetBytes(csv));
        var materialised = Path.Combine(_root, "labels.parquet");
        using var engine = new TableEngine(new TableEngineOptions { ScratchDirectory = Path.Combine(_root, "engine") });
        await engine.IndexAsync(source, materialised);
        return materialised;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private void Png(string name, int width, int height, int channel)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor((byte)(channel == 0 ? 220 : 10), (byte)(channel == 1 ? 220 : 10), (byte)(channel == 2 ? 220 : 10)));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        Write(name, data.ToArray());
    }

    /// <summary>Logits = the mean of each colour channel.</summary>
    private static byte[] ColourModel(string layout)
    {
        var nchw = layout == "nchw";
        var axes = new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints };
        axes.Ints.AddRange(nchw ? [2L, 3L] : [1L, 2L]);
        object[] dims = nchw ? ["batch", 3, 8, 8] : ["batch", 8, 8, 3];
        return new GraphBuilder("colour").Input("image", DataType.Float, dims).Output("logits", DataType.Float, "batch", 3)
            .Node("ReduceMean", ["image"], ["logits"], axes, GraphBuilder.Attribute("keepdims", 0)).Bytes();
    }
}
