using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Inspection;
using ModelHub.TestModels;

namespace ModelHub.Onnx.Tests.Inspection;

public sealed class OnnxInspectorTests
{
    private static OnnxModelInfo Inspect(byte[] bytes)
    {
        var result = OnnxInspector.Inspect(new MemoryStream(bytes));
        Assert.True(result.Model is not null, result.Error);
        return result.Model;
    }

    [Fact]
    public void Reads_ir_version_opsets_producer_and_io()
    {
        var info = Inspect(Models.MatMul());

        Assert.Equal(8, info.IrVersion);
        Assert.Equal(new OpsetInfo("ai.onnx", 17), Assert.Single(info.Opsets));
        Assert.Equal("ModelHub.TestModels", info.Producer);
        var input = Assert.Single(info.Inputs);
        Assert.Equal(("x", "float"), (input.Name, input.ElementType));
        Assert.Equal(["batch", "4"], input.Shape);
        Assert.Equal(["batch", "3"], Assert.Single(info.Outputs).Shape);
        Assert.Equal(12, info.ParameterCount);
    }

    [Fact]
    public void Skips_the_weights_instead_of_copying_them()
    {
        var path = Path.Combine(Path.GetTempPath(), $"inspect-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, Models.Large(16));
        try
        {
            OnnxInspector.Inspect(path);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = OnnxInspector.Inspect(path);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(result.Model?.ParameterCount > 4_000_000, result.Error);
            // The read buffer and the metadata, not the 16 MB of weights (copying them allocated twice their size).
            Assert.InRange(allocated, 0, 2 * 1024 * 1024);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("fp32")]
    [InlineData("fp16")]
    [InlineData("int8")]
    public void Detects_the_precision_of_each_tier(string precision)
    {
        var bytes = precision switch
        {
            "fp16" => Models.MatMulFp16(),
            "int8" => Models.MatMulInt8(),
            _ => Models.MatMul(),
        };

        Assert.Equal(precision, Inspect(bytes).Precision);
    }

    [Fact]
    public void Int8_tier_lists_its_quantization_operators()
    {
        Assert.Equal(["DequantizeLinear"], Inspect(Models.MatMulInt8()).QuantizationOps);
    }

    [Fact]
    public void Counts_parameters_inside_loop_bodies_and_constants()
    {
        var info = Inspect(Models.Endless());

        // trips (1) + go (1) in the graph, step (1) in the loop body.
        Assert.Equal(3, info.ParameterCount);
    }

    [Fact]
    public void Reports_external_data_locations()
    {
        Assert.Equal(["weights.bin"], Inspect(Models.WithExternalData("weights.bin")).ExternalData);
    }

    [Fact]
    public void Truncated_protobuf_names_the_byte_where_it_ends()
    {
        var result = OnnxInspector.Inspect(new MemoryStream(Models.Truncated()));

        Assert.Null(result.Model);
        Assert.StartsWith("truncated protobuf at byte", result.Error);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("text")]
    [InlineData("empty")]
    public void Files_that_are_not_onnx_are_refused_with_a_reason(string kind)
    {
        var bytes = kind switch { "random" => Models.RandomBytes(), "text" => Models.NotOnnx(), _ => [] };

        var result = OnnxInspector.Inspect(new MemoryStream(bytes));

        Assert.Null(result.Model);
        Assert.Matches("^(not an ONNX model|truncated protobuf)", result.Error);
    }
}
