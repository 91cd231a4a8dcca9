using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using ModelHub.Onnx.Protos;

namespace ModelHub.Onnx.Smoke;

/// <summary>Loads ONNX Runtime and runs a one-node model, so a waiting worker has paid its start-up costs.</summary>
public static class WarmUp
{
    public static void Run()
    {
        using var session = new InferenceSession(MatMulModel());
        using var input = OrtValue.CreateTensorValueFromMemory(new float[Size], [1, Size]);
        using var options = new RunOptions();
        using var _ = session.Run(options, ["x"], [input], ["y"]);
        // The protobuf parser's paths for large tensors, as inspection will take them.
        Inspection.OnnxInspector.Inspect(new MemoryStream(MatMulModel()));
    }

    private const int Size = 256;

    /// <summary>y = x · w with 256 KB of raw weights: enough to take the large-initializer paths.</summary>
    private static byte[] MatMulModel()
    {
        static ValueInfoProto Value(string name, long columns) => new()
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorProto.Types.DataType.Float,
                    Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimValue = 1 }, new TensorShapeProto.Types.Dimension { DimValue = columns } } },
                },
            },
        };

        var weights = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, Dims = { Size, Size }, RawData = ByteString.CopyFrom(new byte[Size * Size * 4]) };
        var graph = new GraphProto { Name = "warm_up", Input = { Value("x", Size) }, Output = { Value("y", Size) }, Initializer = { weights } };
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "x", "w" }, Output = { "y" } });
        return new ModelProto { IrVersion = 8, Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 17 } } }.ToByteArray();
    }
}
