using ModelHub.Datasets.Isolation;
using SkiaSharp;

namespace ModelHub.Datasets.Worker;

/// <summary>
/// Scales images to fit a square of <see cref="ThumbnailLimits.Size"/> pixels and writes them as WebP. The header is read
/// first: files over the byte limit and images over the pixel limit are refused before any pixel is decoded, and JPEGs
/// are decoded at the smallest scale the codec offers that still covers the thumbnail, so a large photo never becomes a
/// full-size bitmap here.
/// </summary>
internal static class Thumbnailer
{
    private const int WebpQuality = 80;

    public static IReadOnlyList<ThumbnailOutcome> Run(IReadOnlyList<ThumbnailItem> images, ThumbnailLimits limits) =>
        images.Select(image => new ThumbnailOutcome(image.Input, Make(image, limits))).ToList();

    private static string? Make(ThumbnailItem image, ThumbnailLimits limits)
    {
        try
        {
            if (new FileInfo(image.Input).Length > limits.MaxBytes)
            {
                return $"the file is larger than {limits.MaxBytes / (1024 * 1024)} MiB";
            }

            using var codec = SKCodec.Create(image.Input, out var opened);
            if (codec is null)
            {
                return $"not an image Skia can read ({opened})";
            }

            var (width, height) = (codec.Info.Width, codec.Info.Height);
            if (width <= 0 || height <= 0 || (long)width * height > limits.MaxPixels)
            {
                return $"{width}×{height} pixels is over the limit of {limits.MaxPixels:N0}";
            }

            var scale = Math.Min(1f, (float)limits.Size / Math.Max(width, height));
            var decoded = codec.GetScaledDimensions(scale);
            var info = new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            using var bitmap = new SKBitmap(info);
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result != SKCodecResult.Success)
            {
                return $"the image does not decode ({result})";
            }

            var target = new SKImageInfo(
                Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)), info.ColorType, info.AlphaType);
            using var scaled = target.Width == info.Width && target.Height == info.Height
                ? bitmap.Copy()
                : bitmap.Resize(target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
            if (scaled is null)
            {
                return "the image could not be scaled";
            }

            using var encoded = scaled.Encode(SKEncodedImageFormat.Webp, WebpQuality);
            using var output = File.Create(image.Output);
            encoded.SaveTo(output);
            return null;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            return e.Message;
        }
    }
}
