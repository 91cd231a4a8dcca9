using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.TestModels;

/// <summary>y = a·w₀ + b·w₁ over rows of two numeric columns: with weights (1, 1) it computes the sum exactly.</summary>
public static class Regressors
{
    public static byte[] Sum(float first = 1, float second = 1) => new GraphBuilder("sum")
        .Input("x", DataType.Float, "batch", 2).Output("y", DataType.Float, "batch", 1)
        .Initializer(Tensors.Float("w", [first, second], 2, 1)).Node("MatMul", ["x", "w"], ["y"]).Bytes();

    /// <summary>Rows <c>a,b,y</c> with y = a + b.</summary>
    public static string SumsCsv(int rows) =>
        "a,b,y\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i % 7},{i % 5},{i % 7 + i % 5}\n"));
}
