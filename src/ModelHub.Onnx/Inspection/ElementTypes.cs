using ModelHub.Onnx.Protos;

namespace ModelHub.Onnx.Inspection;

public static class ElementTypes
{
    /// <summary>The lowercase name of an ONNX tensor element type (<c>float</c>, <c>float16</c>, <c>int64</c> …).</summary>
    public static string Name(int dataType) => Enum.IsDefined(typeof(TensorProto.Types.DataType), dataType)
        ? ((TensorProto.Types.DataType)dataType).ToString().ToLowerInvariant()
        : $"type{dataType}";

    /// <summary>Bytes per element, or 0.5 for 4-bit types; 0 for variable-size types.</summary>
    public static double Size(int dataType) => (TensorProto.Types.DataType)dataType switch
    {
        TensorProto.Types.DataType.Double or TensorProto.Types.DataType.Int64
            or TensorProto.Types.DataType.Uint64 or TensorProto.Types.DataType.Complex64 => 8,
        TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Int32 or TensorProto.Types.DataType.Uint32 => 4,
        TensorProto.Types.DataType.Float16 or TensorProto.Types.DataType.Bfloat16
            or TensorProto.Types.DataType.Int16 or TensorProto.Types.DataType.Uint16 => 2,
        TensorProto.Types.DataType.Int4 or TensorProto.Types.DataType.Uint4 => 0.5,
        TensorProto.Types.DataType.String or TensorProto.Types.DataType.Undefined => 0,
        _ => 1,
    };
}
