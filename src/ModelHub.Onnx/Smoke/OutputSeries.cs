using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelHub.Contracts.Validation;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// The outputs of a model over its input sets, in output order: per output, its shape at each set, whether every
/// value was finite and, when kept for tier agreement, the values of all sets one after the other.
/// </summary>
public sealed class OutputSeries(bool keepValues)
{
    private readonly List<Output> _outputs = [];
    private int _sets;

    public IReadOnlyList<Output> Outputs => _outputs;

    public int Sets => _sets;

    /// <summary>The fewest elements any output has at one input set (how short its vector would be without more sets).</summary>
    public long SmallestOutput => _outputs.Where(o => o.IsTensor)
        .Select(o => o.Shapes[0].Aggregate(1L, (a, b) => a * b)).DefaultIfEmpty(long.MaxValue).Min();

    public IReadOnlyList<SmokeOutput> Describe() =>
        [.. _outputs.Select(o => new SmokeOutput(o.Name, o.ElementType, o.Shapes[0], o.FirstNonFiniteSet is null))];

    /// <summary>Writes the series for a tier in another process to compare with (see <see cref="ReadFrom"/>).</summary>
    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(_sets);
        writer.Write(_outputs.Count);
        foreach (var output in _outputs)
        {
            output.WriteTo(writer);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote.</summary>
    public static OutputSeries ReadFrom(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var series = new OutputSeries(keepValues: true) { _sets = reader.ReadInt32() };
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            series._outputs.Add(Output.ReadFrom(reader));
        }

        return series;
    }

    internal void Add(string name, OrtValue value)
    {
        var output = _outputs.FirstOrDefault(o => o.Name == name);
        if (output is null)
        {
            output = new Output(name, keepValues);
            _outputs.Add(output);
        }

        output.Append(value, _sets);
    }

    internal void EndSet() => _sets++;

    public sealed class Output(string name, bool keepValues)
    {
        private readonly List<double> _values = [];

        public string Name { get; } = name;

        public string ElementType { get; private set; } = "";

        public List<long[]> Shapes { get; } = [];

        public int? FirstNonFiniteSet { get; private set; }

        /// <summary>False for sequences and maps: they have no shape or values to compare.</summary>
        public bool IsTensor { get; private set; } = true;

        public IReadOnlyList<double> Values => _values;

        internal void WriteTo(BinaryWriter writer)
        {
            writer.Write(Name);
            writer.Write(ElementType);
            writer.Write(IsTensor);
            writer.Write(FirstNonFiniteSet ?? -1);
            writer.Write(Shapes.Count);
            foreach (var shape in Shapes)
            {
                writer.Write(shape.Length);
                writer.Write(MemoryMarshal.AsBytes(shape.AsSpan()));
            }

            writer.Write(_values.Count);
            writer.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_values)));
        }

        internal static Output ReadFrom(BinaryReader reader)
        {
            var output = new Output(reader.ReadString(), keepValues: true)
            {
                ElementType = reader.ReadString(),
                IsTensor = reader.ReadBoolean(),
                FirstNonFiniteSet = reader.ReadInt32() is >= 0 and var set ? set : null,
            };
            for (var shapes = reader.ReadInt32(); shapes > 0; shapes--)
            {
                var shape = new long[reader.ReadInt32()];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(shape.AsSpan()));
                output.Shapes.Add(shape);
            }

            var count = reader.ReadInt32();
            CollectionsMarshal.SetCount(output._values, count);
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(output._values)));
            return output;
        }

        internal void Append(OrtValue value, int set)
        {
            if (!value.IsTensor)
            {
                IsTensor = false;
                ElementType = value.OnnxType.ToString().ToLowerInvariant();
                Shapes.Add([]);
                return;
            }

            var info = value.GetTensorTypeAndShape();
            ElementType = info.ElementDataType.ToString().ToLowerInvariant();
            Shapes.Add(info.Shape);
            var finite = info.ElementDataType switch
            {
                TensorElementType.Float => Read(value.GetTensorDataAsSpan<float>(), v => v),
                TensorElementType.Double => Read(value.GetTensorDataAsSpan<double>(), v => v),
                TensorElementType.Float16 => Read(value.GetTensorDataAsSpan<Float16>(), v => (float)v),
                TensorElementType.BFloat16 => Read(value.GetTensorDataAsSpan<BFloat16>(), v => (float)v),
                TensorElementType.Int8 => Read(value.GetTensorDataAsSpan<sbyte>(), v => v),
                TensorElementType.UInt8 => Read(value.GetTensorDataAsSpan<byte>(), v => v),
                TensorElementType.Int16 => Read(value.GetTensorDataAsSpan<short>(), v => v),
                TensorElementType.UInt16 => Read(value.GetTensorDataAsSpan<ushort>(), v => v),
                TensorElementType.Int32 => Read(value.GetTensorDataAsSpan<int>(), v => v),
                TensorElementType.UInt32 => Read(value.GetTensorDataAsSpan<uint>(), v => v),
                TensorElementType.Int64 => Read(value.GetTensorDataAsSpan<long>(), v => v),
                TensorElementType.UInt64 => Read(value.GetTensorDataAsSpan<ulong>(), v => v),
                TensorElementType.Bool => Read(value.GetTensorDataAsSpan<bool>(), v => v ? 1 : 0),
                _ => true,
            };
            if (!finite && FirstNonFiniteSet is null)
            {
                FirstNonFiniteSet = set;
            }
        }

        private bool Read<T>(ReadOnlySpan<T> span, Func<T, double> convert)
        {
            var finite = true;
            if (keepValues)
            {
                _values.EnsureCapacity(_values.Count + span.Length);
            }

            foreach (var item in span)
            {
                var v = convert(item);
                finite &= double.IsFinite(v);
                if (keepValues)
                {
                    _values.Add(v);
                }
            }

            return finite;
        }
    }
}
