using ModelHub.Contracts.Evaluations;
using ModelHub.Evaluations.Isolation;

namespace ModelHub.Evaluations.Tests;

/// <summary>The columns a spec reads, known before the model loads, at the positions the run then asks for.</summary>
public sealed class RowColumnsTests
{
    [Fact]
    public void A_classification_spec_reads_its_inputs_then_the_key_then_the_label()
    {
        var spec = new EvaluationSpec("a/b@1", "t.csv",
            Inputs: [new InputMapping("x", ["f1", "f0"]), new InputMapping("image", Image: new ImageInput("path", 8, 8))],
            Output: new OutputMeaning(EvaluationTerms.Classification, Label: "label"));
        var columns = RowColumns.Of(Work(spec, key: "id"));

        // The run asks again, in its order: the same positions, and nothing new to read.
        Assert.Equal([1, 2, 3, 4, 5], new[]
        {
            columns.Number("f1"), columns.Number("f0"), columns.Text("path"), columns.Text("id"), columns.Text("label"),
        });
        Assert.Equal([false, false, true, true, true], columns.Texts);
    }

    [Fact]
    public void A_regression_spec_reads_its_target_as_a_number()
    {
        var spec = new EvaluationSpec("a/b@1", "t.csv", Inputs: [new InputMapping("x", ["f0", "y"])],
            Output: new OutputMeaning(EvaluationTerms.Regression, Target: "y"));
        var columns = RowColumns.Of(Work(spec, key: null));

        // The target is also an input: read once.
        Assert.Equal([1, 2], new[] { columns.Number("f0"), columns.Number("y") });
        Assert.Equal([false, false], columns.Texts);
    }

    private static EvaluationWork Work(EvaluationSpec spec, string? key) =>
        new(spec, "t.parquet", [new TierFile("fp32", "m.onnx", true)], "scratch", "p.parquet", Key: key);
}
