using System.Globalization;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelHub.Contracts.Validation;
using ModelHub.Onnx.Protos;
using ModelHub.Onnx.Samples;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// Decides every input of a model before it is loaded: each dim from a shape hint, else the sample's shape, else the
/// model's fixed size, else a dims hint by name, else 1 — a placeholder the report names. Samples must match the
/// input's kind (floats for float inputs, integers within range for integer inputs, bools for bools) and its rank.
/// </summary>
public static class InputPlanner
{
    /// <summary>The inputs, or why they cannot be built (a bad sample, a shape that contradicts the model).</summary>
    public sealed record Plan(IReadOnlyList<PlannedInput>? Inputs, string? Error);

    public static Plan For(IReadOnlyList<TensorInfo> inputs, SmokeScope scope, Func<string, NpyResult> loadSample)
    {
        var planned = new List<PlannedInput>();
        foreach (var input in inputs)
        {
            var hint = scope.Inputs?.GetValueOrDefault(input.Name);
            if (!TryElementType(input.ElementType, out var type))
            {
                return Failed($"input `{input.Name}` is a {input.ElementType}, which smoke runs cannot build");
            }

            NpyArray? sample = null;
            if (hint?.Sample is { } samplePath)
            {
                var loaded = loadSample(samplePath);
                if (loaded.Array is null)
                {
                    return Failed($"sample `{samplePath}` for input `{input.Name}`: {loaded.Error}");
                }

                if (Incompatible(loaded.Array, type, input.ElementType) is { } problem)
                {
                    return Failed($"sample `{samplePath}` for input `{input.Name}`: {problem}");
                }

                sample = loaded.Array;
            }

            var (shape, placeholders, error) = Shape(input, hint, sample, scope.Dims);
            if (error is not null)
            {
                return Failed(error);
            }

            planned.Add(new PlannedInput(input.Name, input.ElementType, type, shape, hint, sample, placeholders));
        }

        return new Plan(planned, null);
    }

    private static (long[] Shape, List<PlaceholderDim> Placeholders, string? Error) Shape(TensorInfo input, SmokeHint? hint,
        NpyArray? sample, IReadOnlyDictionary<string, long>? dims)
    {
        var placeholders = new List<PlaceholderDim>();
        // A model that states no shape (rank unknown) takes the hint's or the sample's as it is.
        var rank = input.Shape.Count > 0 ? input.Shape.Count : hint?.Shape?.Count ?? sample?.Shape.Count ?? 0;
        if (hint?.Shape is { } given && given.Count != rank)
        {
            return ([], placeholders, $"the shape hint for input `{input.Name}` has {given.Count} dims; the model's input has {rank}");
        }

        if (sample is not null && sample.Shape.Count != rank)
        {
            return ([], placeholders, $"sample `{hint!.Sample}` for input `{input.Name}` has shape [{string.Join(", ", sample.Shape)}]; "
                + $"the model's input has {rank} dims [{string.Join(", ", input.Shape)}]");
        }

        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var declared = i < input.Shape.Count ? input.Shape[i] : "?";
            long? fixedSize = long.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
            long? chosen = hint?.Shape?[i] ?? sample?.Shape[i];
            if (chosen is { } value && fixedSize is { } expected && value != expected)
            {
                return ([], placeholders, $"input `{input.Name}` dim {i} is fixed at {expected} in the model, "
                    + $"but the {(hint?.Shape?[i] is not null ? "shape hint" : $"sample `{hint!.Sample}`")} gives {value}");
            }

            if (chosen is < 0)
            {
                return ([], placeholders, $"the shape hint for input `{input.Name}` has a negative dim {chosen}");
            }

            shape[i] = chosen ?? fixedSize ?? (dims?.GetValueOrDefault(declared) is > 0 and var named ? named : 0);
            if (shape[i] == 0 && chosen is null && fixedSize is null)
            {
                shape[i] = 1;
                placeholders.Add(new PlaceholderDim(i, declared));
            }
        }

        if (hint?.Values is { Count: > 0 } && hint.Sample is null && shape.Aggregate(1L, (a, b) => a * b) == 0)
        {
            var empty = $"input `{input.Name}` has no elements at shape [{string.Join(", ", shape)}] to put its hinted values in";
            return ([], placeholders, empty);
        }

        return (shape, placeholders, null);
    }

    private static string? Incompatible(NpyArray sample, TensorElementType type, string elementType)
    {
        var floatInput = type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16
            or TensorElementType.BFloat16;
        if (type == TensorElementType.Bool ? sample.Kind != 'b' : floatInput ? sample.Kind != 'f' : sample.Kind is not ('i' or 'u'))
        {
            return $"its dtype '{sample.Descr}' does not fit the {elementType} input (save it as "
                + (type == TensorElementType.Bool ? "bool" : floatInput ? "a float type" : "an integer type") + ")";
        }

        if (sample.Integers is { Length: > 0 } integers && IntegerRange(type) is var (lo, hi)
            && (integers.Min() < lo || integers.Max() > hi))
        {
            return $"its values [{integers.Min()}, {integers.Max()}] do not fit the {elementType} input";
        }

        return null;
    }

    private static (long, long) IntegerRange(TensorElementType type) => type switch
    {
        TensorElementType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        TensorElementType.UInt8 => (0, byte.MaxValue),
        TensorElementType.Int16 => (short.MinValue, short.MaxValue),
        TensorElementType.UInt16 => (0, ushort.MaxValue),
        TensorElementType.Int32 => (int.MinValue, int.MaxValue),
        TensorElementType.UInt32 => (0, uint.MaxValue),
        TensorElementType.UInt64 => (0, long.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };

    /// <summary>ONNX Runtime's element types carry the ONNX data type numbers; inspection names them in lowercase.</summary>
    private static bool TryElementType(string name, out TensorElementType type)
    {
        type = default;
        // Enum.TryParse takes numbers too; inspection writes names, or typeN for types it does not know.
        if (name.Length == 0 || char.IsAsciiDigit(name[0])
            || !Enum.TryParse<TensorProto.Types.DataType>(name, ignoreCase: true, out var dataType)
            || dataType == TensorProto.Types.DataType.Undefined)
        {
            return false;
        }

        type = (TensorElementType)(int)dataType;
        return type is not (TensorElementType.Complex64 or TensorElementType.Complex128) && (int)type <= (int)TensorElementType.BFloat16;
    }

    private static Plan Failed(string error) => new(null, error);
}
