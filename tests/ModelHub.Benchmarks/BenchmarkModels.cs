using Google.Protobuf;
using ModelHub.Onnx.Protos;
using ModelHub.TestModels;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.Benchmarks;

/// <summary>
/// A model whose costs have the shape of a real vision network's: two 3×3 convolutions over 864 channels, 51 MB of fp32
/// weights (raw bytes, as exporters write them), and a run at 16×16 that costs about as much as creating the session.
/// Its fp16 twin holds the same weights in half precision (26 MB). With fewer channels, the same graph is small.
/// </summary>
public static class BenchmarkModels
{
    public const int Channels = 864, Side = 16;

    public static byte[] ConvNet(bool fp16, int channels = Channels)
    {
        var builder = new GraphBuilder(fp16 ? "convnet_fp16" : "convnet")
            .Input("x", DataType.Float, "batch", channels, "height", "width")
            .Output("y", DataType.Float, "batch", channels, "height", "width");
        var input = "x";
        if (fp16)
        {
            builder.Node("Cast", ["x"], ["x16"], GraphBuilder.Attribute("to", (long)DataType.Float16));
            input = "x16";
        }

        for (var layer = 0; layer < 2; layer++)
        {
            var weights = Tensors.Random(channels * channels * 9, 100 + layer).Select(v => v / 30f).ToArray();
            builder.Initializer(Raw($"w{layer}", weights, fp16, channels))
                .Node("Conv", [input, $"w{layer}"], [$"conv{layer}"], GraphBuilder.Attribute("pads", [1L, 1, 1, 1]))
                .Node("Relu", [$"conv{layer}"], [$"relu{layer}"]);
            input = $"relu{layer}";
        }

        return (fp16
            ? builder.Node("Cast", [input], ["y"], GraphBuilder.Attribute("to", (long)DataType.Float))
            : builder.Node("Identity", [input], ["y"])).Bytes();
    }

    private static TensorProto Raw(string name, float[] values, bool fp16, int channels)
    {
        var bytes = fp16
            ? values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray()
            : values.SelectMany(BitConverter.GetBytes).ToArray();
        var type = fp16 ? DataType.Float16 : DataType.Float;
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange([channels, channels, 3, 3]);
        return tensor;
    }
}
