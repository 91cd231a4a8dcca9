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
        var range = new Range();
        var value = input.Type switch
        {
            TensorElementType.Float => Reals(count, input.Shape, source, range, v => (float)v),
            TensorElementType.Double => Reals(count, input.Shape, source, range, v => v),
            TensorElementType.Float16 => Reals(count, input.Shape, source, range, v => (Float16)(float)v),
            TensorElementType.BFloat16 => Reals(count, input.Shape, source, range, v => (BFloat16)(float)v),
            TensorElementType.Int8 => Integers(count, input.Shape, source, range, v => (sbyte)v),
            TensorElementType.UInt8 => Integers(count, input.Shape, source, range, v => (byte)v),
            TensorElementType.Int16 => Integers(count, input.Shape, source, range, v => (short)v),
            TensorElementType.UInt16 => Integers(count, input.Shape, source, range, v => (ushort)v),
            TensorElementType.Int32 => Integers(count, input.Shape, source, range, v => (int)v),
            TensorElementType.UInt32 => Integers(count, input.Shape, source, range, v => (uint)v),
            TensorElementType.Int64 => Integers(count, input.Shape, source, range, v => v),
            TensorElementType.UInt64 => Integers(count, input.Shape, source, range, v => (ulong)v),
            TensorElementType.Bool => Integers(count, input.Shape, source, range, v => v != 0),
            TensorElementType.String => OrtValue.CreateFromStringTensor(
                new DenseTensor<string>(Enumerable.Repeat("a", count).ToArray(), [.. input.Shape.Select(d => (int)d)])),
            _ => throw new NotSupportedException($"input `{input.Name}` has element type {input.Type}, which smoke runs cannot build"),
        };
        return count == 0 || input.Type == TensorElementType.String ? (value, null, null) : (value, range.Min, range.Max);
    }

    /// <summary>Values come a chunk at a time and are converted in a plain loop: 221k floats in well under a millisecond.</summary>
    private static OrtValue Reals<T>(int count, long[] shape, ValueSource source, Range range, Func<double, T> convert) where T : unmanaged
    {
        var data = new T[count];
        Span<double> chunk = stackalloc double[Math.Min(Math.Max(count, 1), 1024)];
        for (var start = 0; start < count; start += chunk.Length)
        {
            var part = chunk[..Math.Min(chunk.Length, count - start)];
            source.Fill(part);
            for (var i = 0; i < part.Length; i++)
            {
                range.Add(part[i]);
                data[start + i] = convert(part[i]);
            }
        }

        return OrtValue.CreateTensorValueFromMemory(data, shape);
    }

    /// <summary>Integers travel as longs, so values such as token ids reach the tensor exactly.</summary>
    private static OrtValue Integers<T>(int count, long[] shape, ValueSource source, Range range, Func<long, T> convert) where T : unmanaged
    {
        var data = new T[count];
        Span<long> chunk = stackalloc long[Math.Min(Math.Max(count, 1), 1024)];
        for (var start = 0; start < count; start += chunk.Length)
        {
            var part = chunk[..Math.Min(chunk.Length, count - start)];
            source.FillIntegers(part);
            for (var i = 0; i < part.Length; i++)
            {
                range.Add(part[i]);
                data[start + i] = convert(part[i]);
            }
        }

        return OrtValue.CreateTensorValueFromMemory(data, shape);
    }

    private sealed class Range
    {
        public double Min { get; private set; } = double.PositiveInfinity;

        public double Max { get; private set; } = double.NegativeInfinity;

        public void Add(double value)
        {
            if (value < Min)
            {
                Min = value;
            }

            if (value > Max)
            {
                Max = value;
            }
        }
    }
}
