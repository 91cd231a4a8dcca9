using ModelHub.Contracts.Datasets;

namespace ModelHub.Datasets.Statistics;

/// <summary>What kind of media a file extension names (without the dot, any case).</summary>
internal static class MediaKindDetector
{
    private static readonly Dictionary<string, string> Kinds = new[]
    {
        (MediaKinds.Image, "jpg jpeg png gif webp bmp tif tiff avif svg"),
        (MediaKinds.Audio, "wav mp3 flac ogg oga opus m4a aac"),
        (MediaKinds.Video, "mp4 webm mov mkv avi m4v"),
    }
    .SelectMany(k => k.Item2.Split(' ').Select(extension => (Extension: extension, Kind: k.Item1)))
    .ToDictionary(e => e.Extension, e => e.Kind, StringComparer.OrdinalIgnoreCase);

    public static string FromExtension(string? extension) =>
        extension is not null && Kinds.TryGetValue(extension, out var kind) ? kind : MediaKinds.Other;
}
