using Google.Protobuf;
using ModelHub.Onnx.Protos;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.TestModels;

/// <summary>Initializer tensors of the element types the tests need.</summary>
public static class Tensors
{
    public static TensorProto Float(string name, float[] values, params long[] dims)
    {
        var tensor = New(name, DataType.Float, dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    /// <summary>fp16 values travel in int32_data, one 16-bit pattern per element.</summary>
    public static TensorProto Half(string name, float[] values, params long[] dims)
    {
        var tensor = New(name, DataType.Float16, dims);
        tensor.Int32Data.AddRange(values.Select(v => (int)BitConverter.HalfToUInt16Bits((Half)v)));
        return tensor;
    }

    public static TensorProto Int8(string name, sbyte[] values, params long[] dims)
    {
        var tensor = New(name, DataType.Int8, dims);
        tensor.RawData = ByteString.CopyFrom(values.Select(v => (byte)v).ToArray());
        return tensor;
    }

    public static TensorProto Int64(string name, long[] values, params long[] dims)
    {
        var tensor = New(name, DataType.Int64, dims);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    /// <summary>A float tensor whose bytes live in another file of the version.</summary>
    public static TensorProto External(string name, string location, params long[] dims)
    {
        var tensor = New(name, DataType.Float, dims);
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        return tensor;
    }

    /// <summary>Deterministic weights in [-1, 1).</summary>
    public static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static TensorProto New(string name, DataType type, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
