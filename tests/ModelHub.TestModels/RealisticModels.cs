using static ModelHub.TestModels.GraphBuilder;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.TestModels;

/// <summary>
/// Small models with the traits of real ones that validation got wrong: a voice-activity detector (an int64 sample
/// rate that must be 16000, audio with an unnamed dim, a one-element output), an OCR trio whose inputs are all named
/// <c>x</c>, tiers whose outputs differ from the reference in name or shape, an operator no runtime knows.
/// </summary>
public static class RealisticModels
{
    public const int FrameSize = 64;

    /// <summary>
    /// audio [1, ?] and sr (int64 scalar) in, prob [1, 1] out. The audio is cut into frames of 64 samples (fewer fail,
    /// like a real model's first convolution); the sample rate reshapes four values to [4 × (sr / 16000)], which fails
    /// for any rate outside 16000–31999. prob is the sum of the frames' scores: one number, varying with the audio.
    /// </summary>
    public static byte[] Vad(int seed = 1) => VadGraph(Tensors.Float("w", Tensors.Random(FrameSize, seed), FrameSize, 1), null).Bytes();

    /// <summary>The same detector with int8 weights dequantized in the graph: a correct quantized tier.</summary>
    public static byte[] VadInt8(int seed = 1)
    {
        var weights = Tensors.Random(FrameSize, seed);
        var scale = weights.Max(Math.Abs) / 127f;
        var quantized = weights.Select(w => (sbyte)Math.Round(w / scale)).ToArray();
        return VadGraph(Tensors.Int8("w_q", quantized, FrameSize, 1), builder => builder
            .Initializer(Tensors.Float("w_scale", [scale]))
            .Initializer(Tensors.Int8("w_zero", [0]))
            .Node("DequantizeLinear", ["w_q", "w_scale", "w_zero"], ["w"])).Bytes();
    }

    private static GraphBuilder VadGraph(Onnx.Protos.TensorProto weights, Func<GraphBuilder, GraphBuilder>? dequantize)
    {
        var builder = new GraphBuilder("vad")
            .Input("audio", DataType.Float, 1, null).Input("sr", DataType.Int64)
            .Output("prob", DataType.Float, 1, 1)
            .Initializer(Tensors.Int64("frame_shape", [-1, FrameSize], 2))
            .Initializer(weights)
            .Node("Reshape", ["audio", "frame_shape"], ["frames"]);
        builder = dequantize?.Invoke(builder) ?? builder;
        return builder
            .Initializer(Tensors.Int64("rate", [16000]))
            .Initializer(Tensors.Int64("frame_dim", [1]))
            .Initializer(Tensors.Int64("sixteen", [16]))
            .Initializer(Tensors.Int64("one_dim", [1], 1))
            .Initializer(Tensors.Float("values", [1, 2, 3, 4], 4))
            .Initializer(Tensors.Float("ten", [10]))
            .Node("MatMul", ["frames", "w"], ["scores"])
            .Node("ReduceSum", ["scores"], ["logit"], Attribute("keepdims", 1))
            // four = frame size / 16, read from the frames: the rate check runs after the audio was cut, as in a real model.
            .Node("Shape", ["frames"], ["frames_shape"])
            .Node("Gather", ["frames_shape", "frame_dim"], ["frame_size"], Attribute("axis", 0))
            .Node("Div", ["frame_size", "sixteen"], ["four"])
            .Node("Div", ["sr", "rate"], ["k"])
            .Node("Mul", ["k", "four"], ["n_scalar"])
            .Node("Reshape", ["n_scalar", "one_dim"], ["count_shape"])
            .Node("Reshape", ["values", "count_shape"], ["check"], Attribute("allowzero", 1))
            .Node("ReduceSum", ["check"], ["total"], Attribute("keepdims", 0))
            .Node("Div", ["total", "ten"], ["unit"])
            .Node("Mul", ["logit", "unit"], ["prob"]);
    }

    /// <summary>OCR detector: x [?, 3, ?, ?] → a probability map of the same size (a 3×3 convolution, padded).</summary>
    public static byte[] OcrDetector() => new GraphBuilder("det")
        .Input("x", DataType.Float, null, 3, null, null).Output("maps", DataType.Float, null, 1, null, null)
        .Initializer(Tensors.Float("kernel", Tensors.Random(27, 11), 1, 3, 3, 3))
        .Node("Conv", ["x", "kernel"], ["conv"], Attribute("pads", [1L, 1, 1, 1]))
        .Node("Sigmoid", ["conv"], ["maps"]).Bytes();

    /// <summary>OCR recogniser: x [?, 3, 48, ?] (a text line 48 pixels high) → per-column class scores [?, ?, 5].</summary>
    public static byte[] OcrRecognizer() => new GraphBuilder("rec")
        .Input("x", DataType.Float, null, 3, 48, null).Output("probs", DataType.Float, null, null, 5)
        .Initializer(Tensors.Float("classes", Tensors.Random(15, 12), 3, 5))
        .Node("ReduceMean", ["x"], ["columns"], Attribute("axes", [2L]), Attribute("keepdims", 0))
        .Node("Transpose", ["columns"], ["sequence"], Attribute("perm", [0L, 2, 1]))
        .Node("MatMul", ["sequence", "classes"], ["probs"]).Bytes();

    /// <summary>OCR angle classifier: x [?, 3, 48, 192] → [?, 2].</summary>
    public static byte[] OcrClassifier() => new GraphBuilder("cls")
        .Input("x", DataType.Float, null, 3, 48, 192).Output("angles", DataType.Float, null, 2)
        .Initializer(Tensors.Float("head", Tensors.Random(6, 13), 3, 2))
        .Node("GlobalAveragePool", ["x"], ["pooled"])
        .Node("Flatten", ["pooled"], ["features"])
        .Node("MatMul", ["features", "head"], ["angles"]).Bytes();

    /// <summary>The MatMul tier with its output renamed or widened: it cannot be compared with the reference.</summary>
    public static byte[] MatMulWithOutput(string output, int outFeatures) => new GraphBuilder("matmul_other")
        .Input("x", DataType.Float, "batch", Models.InFeatures).Output(output, DataType.Float, "batch", outFeatures)
        .Initializer(Tensors.Float("w", Tensors.Random(Models.InFeatures * outFeatures, 1), Models.InFeatures, outFeatures))
        .Node("MatMul", ["x", "w"], [output]).Bytes();

    /// <summary>An operator from a domain no runtime has: ONNX Runtime refuses to load it, naming the file.</summary>
    public static byte[] CustomOperator() => new GraphBuilder("custom")
        .Input("x", DataType.Float, 1, 4).Output("y", DataType.Float, 1, 4)
        .Opset("com.example", 1)
        .Node("com.example", "Frobnicate", ["x"], ["y"], Attribute("level", 3)).Bytes();
}
