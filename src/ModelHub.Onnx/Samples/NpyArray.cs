namespace ModelHub.Onnx.Samples;

/// <summary>
/// A tensor read from a <c>.npy</c> file, its values widened without loss: floating-point kinds as doubles, integer
/// kinds as longs, booleans as bools (exactly one of the three arrays is set).
/// </summary>
public sealed record NpyArray(string Descr, IReadOnlyList<long> Shape, double[]? Floats, long[]? Integers, bool[]? Booleans)
{
    public long Count => Floats?.LongLength ?? Integers?.LongLength ?? Booleans!.LongLength;

    /// <summary>The NumPy kind: <c>f</c> (floating point), <c>i</c>/<c>u</c> (integers) or <c>b</c> (bool).</summary>
    public char Kind => Descr[1];
}

/// <summary>Either a tensor or, for a file that is not a plain little-endian C-order array, why.</summary>
public sealed record NpyResult(NpyArray? Array, string? Error)
{
    public static NpyResult Failed(string error) => new(null, error);
}
