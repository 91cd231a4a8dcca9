using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Samples;
using ModelHub.Onnx.Smoke;
using ModelHub.TestModels;

namespace ModelHub.Onnx.Tests.Smoke;

public sealed class InputPlannerTests
{
    private static readonly TensorInfo Image = new("image", "float", ["batch", "3", "?", "width"]);

    private static InputPlanner.Plan Plan(TensorInfo input, SmokeHint? hint = null, IReadOnlyDictionary<string, long>? dims = null,
        NpyResult? sample = null) =>
        InputPlanner.For([input], new SmokeScope(dims, hint is null ? null : new Dictionary<string, SmokeHint> { [input.Name] = hint }),
            _ => sample ?? NpyResult.Failed("no sample"));

    [Fact]
    public void Each_dim_comes_from_the_shape_hint_else_the_model_else_dims_else_a_named_placeholder()
    {
        var input = Plan(Image, new SmokeHint(Shape: [null, null, 224, null]), new Dictionary<string, long> { ["width"] = 320 }).Inputs![0];

        Assert.Equal([1, 3, 224, 320], input.Shape);
        Assert.Equal([new PlaceholderDim(0, "batch")], input.Placeholders);
    }

    [Fact]
    public void Without_hints_every_symbolic_dim_is_a_placeholder_of_1()
    {
        var input = Plan(Image).Inputs![0];

        Assert.Equal([1, 3, 1, 1], input.Shape);
        Assert.Equal(["batch", "?", "width"], input.Placeholders.Select(p => p.Dim));
    }

    [Theory]
    [InlineData(new long[] { 1, 4, 8, 8 }, "input `image` dim 1 is fixed at 3 in the model, but the shape hint gives 4")]
    [InlineData(new long[] { 1, 3, 8 }, "the shape hint for input `image` has 3 dims; the model's input has 4")]
    [InlineData(new long[] { 1, 3, -8, 8 }, "the shape hint for input `image` has a negative dim -8")]
    public void A_shape_hint_that_contradicts_the_model_is_refused(long[] shape, string error)
    {
        Assert.Equal(error, Plan(Image, new SmokeHint(Shape: [.. shape.Select(d => (long?)d)])).Error);
    }

    [Fact]
    public void A_sample_sizes_the_dims_it_fills_and_must_fit_the_input()
    {
        var sample = NpyReader.Read(new MemoryStream(Npy.Floats(new float[3 * 5 * 7], 1, 3, 5, 7)), 1 << 20);
        var ints = NpyReader.Read(new MemoryStream(Npy.Int64s([300, 2], 2)), 1 << 20);

        var fed = Plan(Image, new SmokeHint(Sample: "a.npy"), sample: sample).Inputs![0];
        var wrongKind = Plan(new TensorInfo("ids", "int8", ["2"]), new SmokeHint(Sample: "b.npy"), sample: ints).Error;

        Assert.Equal([1, 3, 5, 7], fed.Shape);
        Assert.Empty(fed.Placeholders);
        Assert.Equal(SmokeInput.SampleSource, fed.Source);
        Assert.Equal("sample `b.npy` for input `ids`: its values [2, 300] do not fit the int8 input", wrongKind);
    }

    [Theory]
    [InlineData("float", 0.0, null, 0.0, 2.0)]
    [InlineData("float", null, 5.0, 3.0, 5.0)]
    [InlineData("int64", 100.0, null, 100.0, 110.0)]
    [InlineData("int64", null, null, 0.0, 10.0)]
    public void A_range_hint_with_one_bound_keeps_the_default_width(string type, double? min, double? max, double lo, double hi)
    {
        var input = Plan(new TensorInfo("x", type, ["4"]), new SmokeHint(Min: min, Max: max)).Inputs![0];

        Assert.Equal((lo, hi), input.Range);
    }

    [Fact]
    public void Sequences_and_unknown_element_types_are_refused_with_the_input_named()
    {
        Assert.Equal("input `seq` is a non-tensor, which smoke runs cannot build", Plan(new TensorInfo("seq", "non-tensor", [])).Error);
        Assert.Equal("input `q` is a type99, which smoke runs cannot build", Plan(new TensorInfo("q", "type99", ["1"])).Error);
    }
}
