using System.Buffers.Binary;

namespace ModelHub.Onnx.Samples;

/// <summary>
/// A small, strict reader of NumPy <c>.npy</c> files (format versions 1, 2 and 3): little-endian (or single-byte)
/// floats f2/f4/f8, integers i1–i8 and u1–u8 and bools b1, in C order, with exactly as many bytes as the shape says.
/// Anything else — big-endian, Fortran order, pickled objects, strings, complex, structured dtypes, a malformed header,
/// missing or extra bytes — is refused with a reason. Never throws for bad input: errors are values.
/// </summary>
public static class NpyReader
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyResult Read(string path, long maxBytes)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Read(file, maxBytes);
        }
        catch (IOException e)
        {
            return NpyResult.Failed($"the file cannot be read: {e.Message}");
        }
    }

    public static NpyResult Read(Stream stream, long maxBytes)
    {
        try
        {
            return new NpyResult(ReadArray(stream, maxBytes), null);
        }
        catch (FormatException e)
        {
            return NpyResult.Failed(e.Message);
        }
        catch (OverflowException)
        {
            return NpyResult.Failed("the shape declares more elements than can exist");
        }
    }

    private static NpyArray ReadArray(Stream stream, long maxBytes)
    {
        var preamble = new byte[8];
        if (stream.ReadAtLeast(preamble, 8, throwOnEndOfStream: false) < 8 || !preamble.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new FormatException("not a .npy file: it does not start with \\x93NUMPY");
        }

        var major = preamble[6];
        if (major is not (1 or 2 or 3))
        {
            throw new FormatException($"unsupported .npy format version {major}.{preamble[7]} (1, 2 and 3 are)");
        }

        // Version 1 gives the header length in 2 bytes, versions 2 and 3 in 4.
        var lengthBytes = new byte[major == 1 ? 2 : 4];
        if (stream.ReadAtLeast(lengthBytes, lengthBytes.Length, throwOnEndOfStream: false) < lengthBytes.Length)
        {
            throw new FormatException("truncated .npy file: it ends inside the preamble");
        }

        var headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        var preambleLength = 8 + lengthBytes.Length;
        if (headerLength > 1 << 20)
        {
            throw new FormatException($"bad .npy header: {headerLength} bytes long");
        }

        var header = new byte[headerLength];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            throw new FormatException("truncated .npy file: it ends inside the header");
        }

        var (descr, fortran, shape) = NpyHeader.Parse(NpyHeader.Decode(header, utf8: major == 3).TrimEnd('\n', ' ', '\0'));
        if (fortran)
        {
            throw new FormatException("the array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }

        var itemSize = ItemSize(descr);
        var count = shape.Aggregate(1L, (a, b) => checked(a * b));
        var bytes = checked(count * itemSize);
        if (bytes > maxBytes)
        {
            throw new FormatException($"the array holds {bytes} bytes, more than the {maxBytes} a sample may");
        }

        var data = new byte[bytes];
        var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new FormatException($"truncated .npy file: the shape needs {bytes} bytes of data after the "
                + $"{preambleLength + headerLength}-byte header, the file has {read}");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new FormatException($"the file has bytes after the {bytes} bytes of data its shape declares");
        }

        return Decode(descr, shape, data, itemSize);
    }

    private static int ItemSize(string descr)
    {
        if (descr.Length >= 2 && descr[1] == 'O')
        {
            throw new FormatException("the array holds Python objects (a pickle), which are never loaded");
        }

        if (descr.Length < 3)
        {
            throw new FormatException($"unsupported dtype '{descr}'");
        }

        var (order, kind) = (descr[0], descr[1]);
        if (kind is not ('f' or 'i' or 'u' or 'b') || !int.TryParse(descr.AsSpan(2), out var size))
        {
            throw new FormatException($"unsupported dtype '{descr}': floats (f2, f4, f8), integers (i1–i8, u1–u8) and bools (b1) are");
        }

        var valid = kind switch { 'f' => size is 2 or 4 or 8, 'b' => size == 1, _ => size is 1 or 2 or 4 or 8 };
        if (!valid)
        {
            throw new FormatException($"unsupported dtype '{descr}'");
        }

        // Byte order matters only above one byte; NumPy writes '<' (little-endian) or '|' (not applicable).
        if (size > 1 && order == '>')
        {
            throw new FormatException($"the array is big-endian ('{descr}'); save it little-endian (array.astype('<{kind}{size}'))");
        }

        if (size > 1 ? order is not ('<' or '|') : order is not ('<' or '|' or '>' or '='))
        {
            throw new FormatException($"unsupported byte order in dtype '{descr}'");
        }

        return size;
    }

    private static NpyArray Decode(string descr, long[] shape, byte[] data, int size)
    {
        var count = data.Length / size;
        switch (descr[1])
        {
            case 'f':
                var floats = new double[count];
                for (var i = 0; i < count; i++)
                {
                    var at = data.AsSpan(i * size, size);
                    floats[i] = size switch
                    {
                        2 => (double)BinaryPrimitives.ReadHalfLittleEndian(at),
                        4 => BinaryPrimitives.ReadSingleLittleEndian(at),
                        _ => BinaryPrimitives.ReadDoubleLittleEndian(at),
                    };
                }

                return new NpyArray(descr, shape, floats, null, null);
            case 'b':
                return new NpyArray(descr, shape, null, null, data.Select(b => b != 0).ToArray());
            default:
                var signed = descr[1] == 'i';
                var integers = new long[count];
                for (var i = 0; i < count; i++)
                {
                    var at = data.AsSpan(i * size, size);
                    integers[i] = (size, signed) switch
                    {
                        (1, true) => (sbyte)at[0],
                        (1, false) => at[0],
                        (2, true) => BinaryPrimitives.ReadInt16LittleEndian(at),
                        (2, false) => BinaryPrimitives.ReadUInt16LittleEndian(at),
                        (4, true) => BinaryPrimitives.ReadInt32LittleEndian(at),
                        (4, false) => BinaryPrimitives.ReadUInt32LittleEndian(at),
                        (_, true) => BinaryPrimitives.ReadInt64LittleEndian(at),
                        _ => BinaryPrimitives.ReadUInt64LittleEndian(at) is var big && big <= long.MaxValue
                            ? (long)big
                            : throw new FormatException($"value {big} at index {i} does not fit a 64-bit signed integer"),
                    };
                }

                return new NpyArray(descr, shape, null, integers, null);
        }
    }
}
