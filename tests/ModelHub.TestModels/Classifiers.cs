using static ModelHub.TestModels.GraphBuilder;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.TestModels;

/// <summary>
/// A linear classifier that really computes the labels of generated data: logits = x · W + b over
/// <see cref="Features"/> numbers, <see cref="Classes"/> classes; <see cref="Label"/> is the same function in C#. Tiers:
/// fp32, fp16 (the same weights in half precision) and a damaged tier whose weights were perturbed.
/// </summary>
public static class Classifiers
{
    public const int Features = 4, Classes = 3;
    public static readonly string[] ClassNames = ["a", "b", "c"];
    private static readonly float[] Bias = [0.1f, -0.2f, 0.1f];

    /// <summary>Large weights, so the model is confident away from the class boundaries.</summary>
    public static float[] Weights(int seed = 3) => [.. Tensors.Random(Features * Classes, seed).Select(w => w * 8)];

    public static byte[] Fp32(int seed = 3) => Linear(Weights(seed), half: false);

    public static byte[] Fp16(int seed = 3) => Linear(Weights(seed), half: true);

    /// <summary>The weights with noise as large as the weights: it runs and looks alike on noise, but misclassifies.</summary>
    public static byte[] Damaged(int seed = 3)
    {
        var noise = Tensors.Random(Features * Classes, seed + 100);
        return Linear([.. Weights(seed).Select((w, i) => w + noise[i] * 8)], half: false);
    }

    /// <summary>
    /// The fp32 model with every logit raised by the same large amount: each row's class is unchanged (accuracy is equal),
    /// but on noise inputs its outputs are far from the reference's, so the noise-input agreement check fails it.
    /// </summary>
    public static byte[] Shifted(int seed = 3) => Linear(Weights(seed), half: false, shift: 100);

    /// <summary>The class the fp32 model predicts for <paramref name="x"/>.</summary>
    public static int Label(float[] x, int seed = 3)
    {
        var weights = Weights(seed);
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < Classes; c++)
        {
            var score = (double)Bias[c];
            for (var f = 0; f < Features; f++)
            {
                score += x[f] * weights[f * Classes + c];
            }

            if (score > bestScore)
            {
                (best, bestScore) = (c, score);
            }
        }

        return best;
    }

    private static byte[] Linear(float[] weights, bool half, float shift = 0)
    {
        var bias = Bias.Select(b => b + shift).ToArray();
        var builder = new GraphBuilder("linear_classifier")
            .Input("x", DataType.Float, "batch", Features).Output("logits", DataType.Float, "batch", Classes);
        if (!half)
        {
            return builder.Initializer(Tensors.Float("w", weights, Features, Classes)).Initializer(Tensors.Float("b", bias, Classes))
                .Node("MatMul", ["x", "w"], ["xw"]).Node("Add", ["xw", "b"], ["logits"]).Bytes();
        }

        return builder.Initializer(Tensors.Half("w", weights, Features, Classes)).Initializer(Tensors.Half("b", bias, Classes))
            .Node("Cast", ["x"], ["x16"], Attribute("to", (long)DataType.Float16))
            .Node("MatMul", ["x16", "w"], ["xw"]).Node("Add", ["xw", "b"], ["l16"])
            .Node("Cast", ["l16"], ["logits"], Attribute("to", (long)DataType.Float)).Bytes();
    }
}
