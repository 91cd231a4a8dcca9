using ModelHub.Onnx.Samples;
using ModelHub.TestModels;

namespace ModelHub.Onnx.Tests.Samples;

public sealed class NpyReaderTests
{
    private static NpyResult Read(byte[] bytes) => NpyReader.Read(new MemoryStream(bytes), 1 << 20);

    [Fact]
    public void Reads_float32_in_c_order_with_its_shape()
    {
        var result = Read(Npy.Floats([1, 2, 3, 4, 5, 6], 2, 3));

        Assert.Null(result.Error);
        Assert.Equal([2, 3], result.Array!.Shape);
        Assert.Equal([1, 2, 3, 4, 5, 6], result.Array.Floats!);
    }

    [Theory]
    [InlineData("<f2", 2)]
    [InlineData("<f8", 8)]
    [InlineData("<i4", 4)]
    [InlineData("<u2", 2)]
    [InlineData("|i1", 1)]
    [InlineData("|u1", 1)]
    [InlineData("|b1", 1)]
    public void Reads_every_supported_dtype(string descr, int size)
    {
        var data = new byte[3 * size];
        data[0] = 1;

        var result = Read(Npy.Write(descr, [3], data));

        Assert.Null(result.Error);
        Assert.Equal(3, result.Array!.Count);
        Assert.Equal(descr[1], result.Array.Kind);
    }

    [Fact]
    public void Keeps_int64_values_exactly_and_reads_scalars_and_version_2_and_3_headers()
    {
        var big = (1L << 62) + 1;

        var ints = Read(Npy.Write("<i8", [2], [.. BitConverter.GetBytes(big), .. BitConverter.GetBytes(-5L)], version: 2));
        var scalar = Read(Npy.Write("<i8", [], BitConverter.GetBytes(16000L), version: 3));

        Assert.Equal([big, -5], ints.Array!.Integers!);
        Assert.Empty(scalar.Array!.Shape);
        Assert.Equal([16000], scalar.Array.Integers!);
    }

    [Theory]
    [InlineData("fortran", "Fortran order")]
    [InlineData("pickle", "Python objects")]
    [InlineData("big-endian", "big-endian")]
    [InlineData("complex", "unsupported dtype '<c8'")]
    [InlineData("strings", "unsupported dtype '<U3'")]
    [InlineData("structured", "structured dtypes")]
    [InlineData("extra key", "exactly the keys")]
    [InlineData("expression", "bad .npy header")]
    [InlineData("short", "truncated .npy file")]
    [InlineData("long", "bytes after")]
    [InlineData("magic", "not a .npy file")]
    [InlineData("version", "unsupported .npy format version 9.0")]
    [InlineData("negative", "non-negative integers")]
    public void Refuses_what_is_not_a_plain_little_endian_c_order_array(string kind, string reason)
    {
        var floats = new byte[8];
        var bytes = kind switch
        {
            "fortran" => Npy.Write("<f4", [2], floats, fortranOrder: true),
            "pickle" => Npy.Write("|O", [2], floats),
            "big-endian" => Npy.Write(">f4", [2], floats),
            "complex" => Npy.Write("<c8", [1], floats),
            "strings" => Npy.Write("<U3", [1], new byte[12]),
            "structured" => Npy.Write("", [], floats, header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"),
            "extra key" => Npy.Write("", [], floats, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 'y'}"),
            "expression" => Npy.Write("", [], floats, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1+1,), }"),
            "short" => Npy.Write("<f4", [3], floats),
            "long" => Npy.Write("<f4", [1], floats),
            "magic" => [.. "NUMPY!"u8.ToArray(), 1, 0, 0, 0],
            "version" => [0x93, .. "NUMPY"u8.ToArray(), 9, 0, 0, 0],
            _ => Npy.Write("", [], floats, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }"),
        };

        var result = Read(bytes);

        Assert.Null(result.Array);
        Assert.Contains(reason, result.Error);
    }

    [Fact]
    public void Refuses_an_array_larger_than_the_limit_before_reading_it()
    {
        var result = NpyReader.Read(new MemoryStream(Npy.Write("<f8", [1_000_000], [])), maxBytes: 1024);

        Assert.Contains("more than the 1024 a sample may", result.Error);
    }
}
