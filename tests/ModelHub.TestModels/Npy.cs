using System.Buffers.Binary;
using System.Text;

namespace ModelHub.TestModels;

/// <summary>Writes NumPy .npy files byte by byte, the way numpy.save does, including the odd ones a reader must refuse.</summary>
public static class Npy
{
    public static byte[] Floats(float[] values, params long[] shape) =>
        Write("<f4", shape, values.SelectMany(BitConverter.GetBytes).ToArray());

    public static byte[] Int64s(long[] values, params long[] shape) =>
        Write("<i8", shape, values.SelectMany(BitConverter.GetBytes).ToArray());

    /// <summary>A file with the given header fields and data (format version 1 has a 2-byte header length, 2 and 3 four).</summary>
    public static byte[] Write(string descr, long[] shape, byte[] data, int version = 1, bool fortranOrder = false, string? header = null)
    {
        var dims = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var text = header ?? $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {dims}, }}";
        var preamble = version == 1 ? 10 : 12;
        // Padded with spaces and ended by a newline so that the data starts on a 64-byte boundary, as NumPy writes it.
        var padded = text.PadRight(((preamble + text.Length + 1 + 63) / 64 * 64) - preamble - 1) + "\n";
        var headerBytes = Encoding.Latin1.GetBytes(padded);
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([(byte)version, 0]);
        var length = new byte[version == 1 ? 2 : 4];
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
        }

        bytes.AddRange(length);
        bytes.AddRange(headerBytes);
        bytes.AddRange(data);
        return [.. bytes];
    }
}
