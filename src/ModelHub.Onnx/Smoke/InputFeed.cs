using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelHub.Onnx.Smoke;

/// <summary>The tensors of one input set, built straight into their element type, with the range of values fed.</summary>
public sealed class InputFeed : IDisposable
{
    private InputFeed(string[] names, OrtValue[] values, (double? Min, double? Max)[] ranges)
    {
        Names = names;
        Values = values;
        Ranges = ranges;
    }

    public string[] Names { get; }

    public OrtValue[] Values { get; }

    public (double? Min, double? Max)[] Ranges { get; }

    public static InputFeed Create(IReadOnlyList<PlannedInput> inputs, int set)
    {
        var values = new List<OrtValue>();
        var ranges = new (double?, double?)[inputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var (value, min, max) = Build(inputs[i], set);
                values.Add(value);
                ranges[i] = (min, max);
            }

            return new InputFeed([.. inputs.Select(i => i.Name)], [.. values], ranges);
        }
        catch
        {
            values.ForEach(v => v.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var value in Values)
        {
            value.Dispose();
        }
    }

    private static (OrtValue, double?, double?) Build(PlannedInput input, int set)
    {
        var count = checked((int)input.Shape.Aggregate(1L, (a, b) => checked(a * b)));
        var source = input.Values(set);
        var (min, max) = (double.PositiveInfinity, double.NegativeInfinity);
        double Real()
        {
            var v = source.Next();
            (min, max) = (Math.Min(min, v), Math.Max(max, v));
            return v;
        }

        long Integer()
        {
            var v = source.NextInteger();
            (min, max) = (Math.Min(min, v), Math.Max(max, v));
            return v;
        }

        var value = input.Type switch
        {
            TensorElementType.Float => Tensor(count, input.Shape, () => (float)Real()),
            TensorElementType.Double => Tensor(count, input.Shape, Real),
            TensorElementType.Float16 => Tensor(count, input.Shape, () => (Float16)(float)Real()),
            TensorElementType.BFloat16 => Tensor(count, input.Shape, () => (BFloat16)(float)Real()),
            TensorElementType.Int8 => Tensor(count, input.Shape, () => (sbyte)Integer()),
            TensorElementType.UInt8 => Tensor(count, input.Shape, () => (byte)Integer()),
            TensorElementType.Int16 => Tensor(count, input.Shape, () => (short)Integer()),
            TensorElementType.UInt16 => Tensor(count, input.Shape, () => (ushort)Integer()),
            TensorElementType.Int32 => Tensor(count, input.Shape, () => (int)Integer()),
            TensorElementType.UInt32 => Tensor(count, input.Shape, () => (uint)Integer()),
            TensorElementType.Int64 => Tensor(count, input.Shape, Integer),
            TensorElementType.UInt64 => Tensor(count, input.Shape, () => (ulong)Integer()),
            TensorElementType.Bool => Tensor(count, input.Shape, () => Integer() != 0),
            TensorElementType.String => OrtValue.CreateFromStringTensor(
                new DenseTensor<string>(Enumerable.Repeat("a", count).ToArray(), [.. input.Shape.Select(d => (int)d)])),
            _ => throw new NotSupportedException($"input `{input.Name}` has element type {input.Type}, which smoke runs cannot build"),
        };
        return count == 0 || input.Type == TensorElementType.String ? (value, null, null) : (value, min, max);
    }

    private static OrtValue Tensor<T>(int count, long[] shape, Func<T> next) where T : unmanaged
    {
        var data = new T[count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = next();
        }

        return OrtValue.CreateTensorValueFromMemory(data, shape);
    }
}
