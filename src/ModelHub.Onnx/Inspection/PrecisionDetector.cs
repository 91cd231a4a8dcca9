namespace ModelHub.Onnx.Inspection;

/// <summary>
/// Names a model's precision from its weights: the element type holding most weight elements, refined by the
/// quantization operators present (int8 weights only count as an int8 model when something dequantizes them).
/// </summary>
public static class PrecisionDetector
{
    public const string Fp32 = "fp32", Fp16 = "fp16", Bf16 = "bf16", Int8 = "int8", Int4 = "int4", Mixed = "mixed", Unknown = "unknown";

    /// <summary>A second type holding at least this share of the float weights makes the model mixed.</summary>
    private const double MixedShare = 0.2;

    public static string Detect(IReadOnlyDictionary<string, long> weightElementsByType, IReadOnlyCollection<string> quantizationOps)
    {
        long Count(params string[] types) => types.Sum(t => weightElementsByType.GetValueOrDefault(t));

        var fp32 = Count("float", "double");
        var fp16 = Count("float16");
        var bf16 = Count("bfloat16");
        var int8 = Count("int8", "uint8");
        var int4 = Count("int4", "uint4");
        var total = fp32 + fp16 + bf16 + int8 + int4;
        if (total == 0)
        {
            return Unknown;
        }

        if (int4 > 0 && (int4 * 2 >= total || quantizationOps.Contains("MatMulNBits")))
        {
            return Int4;
        }

        if (int8 * 2 >= total && quantizationOps.Count > 0)
        {
            return Int8;
        }

        var floats = new[] { (Fp32, fp32), (Fp16, fp16), (Bf16, bf16) }.OrderByDescending(f => f.Item2).ToArray();
        var floatTotal = fp32 + fp16 + bf16;
        if (floatTotal > 0 && floats[1].Item2 >= floatTotal * MixedShare)
        {
            return Mixed;
        }

        return floats[0].Item2 > 0 ? floats[0].Item1 : Mixed;
    }

    /// <summary>
    /// A warning when the precision an uploader declared names another family than the detected one, else null. Mixed
    /// and unknown detections contradict nothing; declared names outside the known spellings are not judged.
    /// </summary>
    public static string? Contradiction(string? declared, string detected)
    {
        var family = declared?.Trim().ToLowerInvariant() switch
        {
            "fp32" or "float32" or "float" => Fp32,
            "fp16" or "float16" or "half" => Fp16,
            "bf16" or "bfloat16" => Bf16,
            "int8" or "uint8" or "q8" or "qint8" or "quint8" or "quantized" => Int8,
            "int4" or "uint4" or "q4" or "q4f16" => Int4,
            _ => null,
        };
        return family is null || detected is Mixed or Unknown || family == detected
            ? null
            : $"declared precision {declared} contradicts the weights, which are {detected}";
    }
}
