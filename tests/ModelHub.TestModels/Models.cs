using Google.Protobuf;
using ModelHub.Onnx.Protos;
using static ModelHub.TestModels.GraphBuilder;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.TestModels;

/// <summary>Tiny ONNX models generated in code, each named for what a test needs of it. No downloaded weights.</summary>
public static class Models
{
    public const int InFeatures = 4, OutFeatures = 3;

    /// <summary>y = x + w, fixed shapes.</summary>
    public static byte[] Add() => new GraphBuilder("add")
        .Input("x", DataType.Float, 1, 4).Output("y", DataType.Float, 1, 4)
        .Initializer(Tensors.Float("w", [1, 2, 3, 4], 1, 4))
        .Node("Add", ["x", "w"], ["y"]).Bytes();

    /// <summary>y = x · w with a symbolic batch dim: the fp32 reference tier.</summary>
    public static byte[] MatMul(int seed = 1) => new GraphBuilder("matmul")
        .Input("x", DataType.Float, "batch", InFeatures).Output("y", DataType.Float, "batch", OutFeatures)
        .Initializer(Tensors.Float("w", Weights(seed), InFeatures, OutFeatures))
        .Node("MatMul", ["x", "w"], ["y"]).Bytes();

    /// <summary>The same function with fp16 weights and arithmetic (float in, float out).</summary>
    public static byte[] MatMulFp16(int seed = 1) => new GraphBuilder("matmul_fp16")
        .Input("x", DataType.Float, "batch", InFeatures).Output("y", DataType.Float, "batch", OutFeatures)
        .Initializer(Tensors.Half("w", Weights(seed), InFeatures, OutFeatures))
        .Node("Cast", ["x"], ["x16"], Attribute("to", (long)DataType.Float16))
        .Node("MatMul", ["x16", "w"], ["y16"])
        .Node("Cast", ["y16"], ["y"], Attribute("to", (long)DataType.Float)).Bytes();

    /// <summary>The same function with int8 weights dequantized in the graph (QDQ).</summary>
    public static byte[] MatMulInt8(int seed = 1)
    {
        var weights = Weights(seed);
        var scale = weights.Max(Math.Abs) / 127f;
        var quantized = weights.Select(w => (sbyte)Math.Round(w / scale)).ToArray();
        return new GraphBuilder("matmul_int8")
            .Input("x", DataType.Float, "batch", InFeatures).Output("y", DataType.Float, "batch", OutFeatures)
            .Initializer(Tensors.Int8("w_q", quantized, InFeatures, OutFeatures))
            .Initializer(Tensors.Float("w_scale", [scale]))
            .Initializer(Tensors.Int8("w_zero", [0]))
            .Node("DequantizeLinear", ["w_q", "w_scale", "w_zero"], ["w"])
            .Node("MatMul", ["x", "w"], ["y"]).Bytes();
    }

    /// <summary>A "quantized" tier whose weights are wrong: it runs, but disagrees with the reference.</summary>
    public static byte[] MatMulBroken(int seed = 1) => MatMulFp16(seed + 1000);

    /// <summary>A convolution over a 5×5 image.</summary>
    public static byte[] Conv() => new GraphBuilder("conv")
        .Input("image", DataType.Float, 1, 1, 5, 5).Output("features", DataType.Float, 1, 1, 3, 3)
        .Initializer(Tensors.Float("kernel", Tensors.Random(9, 7), 1, 1, 3, 3))
        .Node("Conv", ["image", "kernel"], ["features"]).Bytes();

    /// <summary>
    /// Audio in, audio out, with an int64 sample rate that must be 16000 (up to 31999): the graph reshapes four values
    /// to [4 × (sr / 16000)], which fails for any other rate, the way a real model's resampler would.
    /// </summary>
    public static byte[] SampleRate() => new GraphBuilder("sample_rate")
        .Input("audio", DataType.Float, 1, "samples").Input("sr", DataType.Int64)
        .Output("y", DataType.Float, 1, "samples").Output("check", DataType.Float, "n")
        .Initializer(Tensors.Int64("rate", [16000]))
        .Initializer(Tensors.Int64("four", [4]))
        .Initializer(Tensors.Int64("one_dim", [1], 1))
        .Initializer(Tensors.Float("values", [1, 2, 3, 4], 4))
        .Node("Div", ["sr", "rate"], ["k"])
        .Node("Mul", ["k", "four"], ["n_scalar"])
        .Node("Reshape", ["n_scalar", "one_dim"], ["shape"])
        .Node("Reshape", ["values", "shape"], ["check"], Attribute("allowzero", 1))
        .Node("Identity", ["audio"], ["y"]).Bytes();

    /// <summary>About <paramref name="megabytes"/> MB of fp32 weights in one square MatMul.</summary>
    public static byte[] Large(int megabytes, int seed = 5)
    {
        var n = (int)Math.Sqrt(megabytes * 1024.0 * 1024 / 4);
        var bytes = new byte[(long)n * n * 4];
        var random = new Random(seed);
        for (var i = 0; i < bytes.Length; i += 4)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i), (float)(random.NextDouble() - 0.5));
        }

        var weights = new TensorProto { Name = "w", DataType = (int)DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        weights.Dims.AddRange([n, n]);
        return new GraphBuilder("large")
            .Input("x", DataType.Float, 1, n).Output("y", DataType.Float, 1, n)
            .Initializer(weights)
            .Node("MatMul", ["x", "w"], ["y"]).Bytes();
    }

    /// <summary>Fills a tensor of <paramref name="elements"/> floats at run time, then sums it: memory grows with the dims.</summary>
    public static byte[] MemoryHog(long elements) => new GraphBuilder("memory_hog")
        .Input("x", DataType.Float, 1).Output("y", DataType.Float)
        .Initializer(Tensors.Int64("shape", [elements], 1))
        .Node("ConstantOfShape", ["shape"], ["big"], Attribute("value", Tensors.Float("one", [1f], 1)))
        .Node("ReduceSum", ["big"], ["sum"], Attribute("keepdims", 0))
        .Node("Add", ["sum", "x"], ["y_1"])
        .Node("ReduceSum", ["y_1"], ["y"], Attribute("keepdims", 0)).Bytes();

    /// <summary>A Loop with a trip count no one will live to see.</summary>
    public static byte[] Endless()
    {
        var body = new GraphBuilder("body")
            .Input("i", DataType.Int64).Input("cond_in", DataType.Bool).Input("v_in", DataType.Float, 1)
            .Output("cond_out", DataType.Bool).Output("v_out", DataType.Float, 1)
            .Initializer(Tensors.Float("step", [1f], 1))
            .Node("Identity", ["cond_in"], ["cond_out"])
            .Node("Add", ["v_in", "step"], ["v_out"]).Graph;
        return new GraphBuilder("endless")
            .Input("x", DataType.Float, 1).Output("y", DataType.Float, 1)
            .Initializer(Tensors.Int64("trips", [long.MaxValue / 2]))
            .Initializer(new TensorProto { Name = "go", DataType = (int)DataType.Bool, Int32Data = { 1 } })
            .Node("Loop", ["trips", "go", "x"], ["y"], Attribute("body", body)).Bytes();
    }

    /// <summary>Divides by zero: outputs are infinite.</summary>
    public static byte[] NonFinite() => new GraphBuilder("non_finite")
        .Input("x", DataType.Float, 1, 4).Output("y", DataType.Float, 1, 4)
        .Initializer(Tensors.Float("zero", [0f], 1))
        .Node("Div", ["x", "zero"], ["y"]).Bytes();

    /// <summary>A MatMul whose weights live in an external file at <paramref name="location"/>.</summary>
    public static byte[] WithExternalData(string location) => new GraphBuilder("external")
        .Input("x", DataType.Float, 1, InFeatures).Output("y", DataType.Float, 1, OutFeatures)
        .Initializer(Tensors.External("w", location, InFeatures, OutFeatures))
        .Node("MatMul", ["x", "w"], ["y"]).Bytes();

    /// <summary>The bytes an external-data file for <see cref="WithExternalData"/> holds.</summary>
    public static byte[] ExternalWeights(int seed = 1) => Weights(seed).SelectMany(BitConverter.GetBytes).ToArray();

    public static byte[] Truncated() => MatMul()[..40];

    public static byte[] RandomBytes(int length = 4096, int seed = 9)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] NotOnnx() => System.Text.Encoding.UTF8.GetBytes("This is a README, not a model.\n");

    private static float[] Weights(int seed) => Tensors.Random(InFeatures * OutFeatures, seed);
}
