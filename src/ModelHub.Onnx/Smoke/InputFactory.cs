using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// Builds smoke-run inputs from a model's metadata and the uploader's hints. Generated values are deterministic per
/// input name, so a reference tier and its quantized tiers see exactly the same inputs.
/// </summary>
public static class InputFactory
{
    public sealed record Input(string Name, TensorElementType Type, long[] Shape, bool Hinted);

    public static Input Describe(string name, NodeMetadata metadata, SmokeSettings settings)
    {
        var hint = settings.Inputs?.GetValueOrDefault(name);
        long[] shape;
        if (hint?.Shape is { } given)
        {
            shape = [.. given];
        }
        else
        {
            shape = new long[metadata.Dimensions.Length];
            for (var i = 0; i < shape.Length; i++)
            {
                var symbol = i < metadata.SymbolicDimensions.Length ? metadata.SymbolicDimensions[i] : "";
                shape[i] = metadata.Dimensions[i] >= 0 ? metadata.Dimensions[i]
                    : settings.Dims?.GetValueOrDefault(symbol) is > 0 and var size ? size : 1;
            }
        }

        return new Input(name, metadata.ElementDataType, shape, hint is not null);
    }

    public static OrtValue Create(Input input, SmokeSettings settings)
    {
        var hint = settings.Inputs?.GetValueOrDefault(input.Name);
        var count = checked((int)input.Shape.Aggregate(1L, (a, b) => a * b));
        var values = Values(input, hint, count);
        return input.Type switch
        {
            TensorElementType.Float => Tensor(values.Select(v => (float)v), input.Shape),
            TensorElementType.Double => Tensor(values, input.Shape),
            TensorElementType.Float16 => Tensor(values.Select(v => (Float16)(float)v), input.Shape),
            TensorElementType.BFloat16 => Tensor(values.Select(v => (BFloat16)(float)v), input.Shape),
            TensorElementType.Int8 => Tensor(values.Select(v => (sbyte)v), input.Shape),
            TensorElementType.UInt8 => Tensor(values.Select(v => (byte)v), input.Shape),
            TensorElementType.Int16 => Tensor(values.Select(v => (short)v), input.Shape),
            TensorElementType.UInt16 => Tensor(values.Select(v => (ushort)v), input.Shape),
            TensorElementType.Int32 => Tensor(values.Select(v => (int)v), input.Shape),
            TensorElementType.UInt32 => Tensor(values.Select(v => (uint)v), input.Shape),
            TensorElementType.Int64 => Tensor(values.Select(v => (long)v), input.Shape),
            TensorElementType.UInt64 => Tensor(values.Select(v => (ulong)v), input.Shape),
            TensorElementType.Bool => Tensor(values.Select(v => v != 0), input.Shape),
            TensorElementType.String => OrtValue.CreateFromStringTensor(new DenseTensor<string>(Enumerable.Repeat("a", count).ToArray(), input.Shape.Select(d => (int)d).ToArray())),
            _ => throw new NotSupportedException($"input `{input.Name}` has element type {input.Type}, which smoke runs cannot generate"),
        };
    }

    private static double[] Values(Input input, SmokeHint? hint, int count)
    {
        if (hint?.Values is { Count: > 0 } given)
        {
            return Enumerable.Range(0, count).Select(i => given[i % given.Count]).ToArray();
        }

        var integral = input.Type is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16 or TensorElementType.BFloat16);
        var (min, max) = (hint?.Min, hint?.Max) switch
        {
            ({ } lo, { } hi) => (lo, hi),
            _ when input.Type == TensorElementType.Bool => (0, 2),
            _ when integral => (0, 10),
            _ => (-1.0, 1.0),
        };
        var random = new Random(StableSeed(input.Name));
        return Enumerable.Range(0, count).Select(_ =>
        {
            var value = min + (random.NextDouble() * (max - min));
            return integral ? Math.Floor(value) : value;
        }).ToArray();
    }

    private static OrtValue Tensor<T>(IEnumerable<T> values, long[] shape) where T : unmanaged =>
        OrtValue.CreateTensorValueFromMemory(values.ToArray(), shape);

    /// <summary>FNV-1a over the name: string.GetHashCode differs between processes.</summary>
    private static int StableSeed(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
