using ModelHub.Onnx.Inspection;

namespace ModelHub.Onnx.Tests.Inspection;

public sealed class PrecisionDetectorTests
{
    [Theory]
    [InlineData(1000, 0, 0, 0, false, "fp32")]
    [InlineData(0, 1000, 0, 0, false, "fp16")]
    [InlineData(10, 1000, 0, 0, false, "fp16")]
    [InlineData(500, 500, 0, 0, false, "mixed")]
    [InlineData(10, 0, 1000, 0, true, "int8")]
    [InlineData(10, 0, 1000, 0, false, "fp32")]
    [InlineData(10, 0, 0, 1000, true, "int4")]
    [InlineData(0, 0, 0, 0, false, "unknown")]
    public void Precision_table(long fp32, long fp16, long int8, long int4, bool quantOps, string expected)
    {
        var weights = new Dictionary<string, long>
        {
            ["float"] = fp32,
            ["float16"] = fp16,
            ["int8"] = int8,
            ["int4"] = int4,
            ["int64"] = 5000,
        };

        Assert.Equal(expected, PrecisionDetector.Detect(weights, quantOps ? ["DequantizeLinear"] : []));
    }
}

public sealed class ExternalDataRulesTests
{
    private static readonly HashSet<string> Files = ["onnx/model.onnx", "onnx/model.onnx_data", "weights.bin"];

    [Theory]
    [InlineData("onnx/model.onnx", "model.onnx_data", null)]
    [InlineData("model.onnx", "weights.bin", null)]
    [InlineData("onnx/model.onnx", "/etc/passwd", "relative")]
    [InlineData("onnx/model.onnx", "../weights.bin", "leave")]
    [InlineData("onnx/model.onnx", "a\\b", "relative")]
    [InlineData("onnx/model.onnx", "missing.bin", "not a file of this version")]
    [InlineData("onnx/model.onnx", "", "relative")]
    public void Locations_must_be_files_of_the_version(string model, string location, string? problem)
    {
        var reason = ExternalDataRules.Validate(model, [location], Files);

        if (problem is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(problem, reason);
        }
    }
}
