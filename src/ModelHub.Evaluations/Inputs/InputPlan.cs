using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelHub.Contracts.Evaluations;
using ModelHub.Evaluations.Tables;

namespace ModelHub.Evaluations.Inputs;

/// <summary>
/// How one model input is filled from a row: which values of the row (by position in the pager's select list), the shape
/// of one example, and the element type the model wants (float or float16). Checked against the model's metadata when
/// made, so a mismatch fails before any row is read.
/// </summary>
internal sealed class InputPlan
{
    private readonly int[] _positions;
    private readonly ImageEncoder? _image;

    private InputPlan(string name, TensorElementType type, long[] shape, int[] positions, ImageEncoder? image)
    {
        Name = name;
        ElementType = type;
        Shape = shape;
        _positions = positions;
        _image = image;
    }

    public string Name { get; }
    public TensorElementType ElementType { get; }

    /// <summary>The shape of one example (the dims after the batch dim).</summary>
    public long[] Shape { get; }

    public int Elements => (int)Shape.Aggregate(1L, (a, b) => a * b);

    public static InputPlan Create(InputMapping mapping, NodeMetadata metadata, string name, Func<string, int> position, string? imagesRoot)
    {
        if (metadata.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16))
        {
            throw new EvaluationException($"Input '{name}' takes {metadata.ElementDataType}; evaluations fill float inputs only.");
        }

        var dims = metadata.Dimensions;
        if (mapping.Image is { } image)
        {
            var encoder = new ImageEncoder(image, imagesRoot ?? throw new EvaluationException("No images were placed."));
            Check(name, dims, encoder.Shape, $"{image.Layout ?? EvaluationTerms.Nchw} images of {image.Height}x{image.Width}");
            return new InputPlan(name, metadata.ElementDataType, encoder.Shape, [position(image.Column!)], encoder);
        }

        var columns = mapping.Columns!;
        long[] shape = dims.Length switch
        {
            2 => [columns.Count],
            _ => [.. dims.Skip(1).Select(d => d < 0 ? columns.Count : (long)d)],
        };
        Check(name, dims, shape, $"{columns.Count} columns");
        if (shape.Aggregate(1L, (a, b) => a * b) != columns.Count)
        {
            throw new EvaluationException(
                $"Input '{name}' takes {shape.Aggregate(1L, (a, b) => a * b)} values per example, not {columns.Count}.");
        }

        return new InputPlan(name, metadata.ElementDataType, shape, [.. columns.Select(position)], null);
    }

    /// <summary>Fills one example from row <paramref name="index"/> of <paramref name="page"/>; returns why the row cannot be used,
    /// or null.</summary>
    public string? Fill(RowPage page, int index, Span<float> destination)
    {
        if (_image is not null)
        {
            return _image.Encode(page.Text(_positions[0], index), destination);
        }

        for (var i = 0; i < _positions.Length; i++)
        {
            if (!page.TryNumber(_positions[i], index, out var value))
            {
                return $"input '{Name}' has a missing value";
            }

            destination[i] = (float)value;
        }

        return null;
    }

    /// <summary>A tensor of <paramref name="count"/> examples from <paramref name="values"/>, in the model's element type.</summary>
    public OrtValue Tensor(float[] values, int count)
    {
        long[] shape = [count, .. Shape];
        if (ElementType == TensorElementType.Float)
        {
            return OrtValue.CreateTensorValueFromMemory(values, shape);
        }

        var half = new Float16[count * Elements];
        for (var i = 0; i < half.Length; i++)
        {
            half[i] = (Float16)values[i];
        }

        return OrtValue.CreateTensorValueFromMemory(half, shape);
    }

    private static void Check(string name, int[] dims, long[] example, string what)
    {
        var fits = dims.Length == example.Length + 1
            && dims.Skip(1).Zip(example).All(p => p.First < 0 || p.First == p.Second)
            && example.Aggregate(1L, (a, b) => a * b) > 0;
        if (!fits)
        {
            throw new EvaluationException(
                $"Input '{name}' has shape [{string.Join(", ", dims.Select(d => d < 0 ? "?" : d.ToString()))}], which does not take "
                + $"{what} as [batch, {string.Join(", ", example)}].");
        }
    }
}
