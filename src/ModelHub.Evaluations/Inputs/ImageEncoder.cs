using ModelHub.Contracts.Evaluations;
using SkiaSharp;

namespace ModelHub.Evaluations.Inputs;

/// <summary>
/// Turns an image file of the dataset version into one example of an image input: decoded by Skia, resized (stretched, or
/// fitted inside the size and padded), in RGB, BGR or grey, laid out NCHW or NHWC, each value <c>(pixel * scale - mean) /
/// std</c>. Paths are taken relative to the folder the version's images were placed in and may not leave it.
/// </summary>
internal sealed class ImageEncoder(ImageInput spec, string root)
{
    /// <summary>Images larger than this are refused before decoding (a decompression bomb).</summary>
    private const long MaxPixels = 100_000_000;

    private readonly int _height = spec.Height!.Value;
    private readonly int _width = spec.Width!.Value;
    private readonly bool _grey = spec.Color == EvaluationTerms.Grey;
    private readonly bool _bgr = spec.Color == EvaluationTerms.Bgr;
    private readonly bool _nhwc = spec.Layout == EvaluationTerms.Nhwc;
    private readonly float _scale = (float)(spec.Scale ?? 1.0 / 255);
    private readonly float[] _mean = Channelwise(spec.Mean, 0, spec.Color == EvaluationTerms.Grey ? 1 : 3);
    private readonly float[] _std = Channelwise(spec.Std, 1, spec.Color == EvaluationTerms.Grey ? 1 : 3);
    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;

    public int Channels => _grey ? 1 : 3;

    public long[] Shape => _nhwc ? [_height, _width, Channels] : [Channels, _height, _width];

    public int Elements => Channels * _height * _width;

    /// <summary>Writes the example into <paramref name="destination"/>; returns why it cannot, or null.</summary>
    public string? Encode(string? path, Span<float> destination)
    {
        if (Resolve(path) is not { } file)
        {
            return $"image path '{path}' is not a file of the version";
        }

        using var codec = SKCodec.Create(file);
        if (codec is null)
        {
            return $"'{path}' is not an image Skia can decode";
        }

        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return $"'{path}' is larger than {MaxPixels} pixels";
        }

        using var source = SKBitmap.Decode(codec, codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul));
        if (source is null)
        {
            return $"'{path}' could not be decoded";
        }

        using var target = new SKBitmap(new SKImageInfo(_width, _height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(target))
        {
            var pad = (byte)Math.Clamp(spec.Pad ?? 0, 0, 255);
            canvas.Clear(new SKColor(pad, pad, pad));
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, Destination(source.Width, source.Height), new SKSamplingOptions(SKFilterMode.Linear));
        }

        Fill(target.GetPixelSpan(), destination);
        return null;
    }

    private SKRect Destination(int width, int height)
    {
        if (spec.Resize != EvaluationTerms.Fit)
        {
            return new SKRect(0, 0, _width, _height);
        }

        var scale = Math.Min((float)_width / width, (float)_height / height);
        var (w, h) = (width * scale, height * scale);
        var (x, y) = ((_width - w) / 2, (_height - h) / 2);
        return new SKRect(x, y, x + w, y + h);
    }

    private void Fill(ReadOnlySpan<byte> rgba, Span<float> destination)
    {
        var plane = _height * _width;
        for (var i = 0; i < plane; i++)
        {
            var (r, g, b) = (rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]);
            if (_grey)
            {
                destination[i] = Normalise(0.299f * r + 0.587f * g + 0.114f * b, 0);
                continue;
            }

            var (first, third) = _bgr ? (b, r) : (r, b);
            Span<float> pixel = [Normalise(first, 0), Normalise(g, 1), Normalise(third, 2)];
            for (var c = 0; c < 3; c++)
            {
                destination[_nhwc ? i * 3 + c : c * plane + i] = pixel[c];
            }
        }
    }

    private float Normalise(float pixel, int channel) => (pixel * _scale - _mean[channel]) / _std[channel];

    private string? Resolve(string? path)
    {
        if (string.IsNullOrEmpty(path) || Path.IsPathRooted(path))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(_root, path));
        return full.StartsWith(_root, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    private static float[] Channelwise(List<double>? values, float fallback, int channels) => values switch
    {
        null => [.. Enumerable.Repeat(fallback, channels)],
        [var one] => [.. Enumerable.Repeat((float)one, channels)],
        _ => [.. values.Select(v => (float)v)],
    };
}
