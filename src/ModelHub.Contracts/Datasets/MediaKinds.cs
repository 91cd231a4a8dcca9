namespace ModelHub.Contracts.Datasets;

/// <summary>What the files named by a path column are, from their extensions: decides thumbnails or players.</summary>
public static class MediaKinds
{
    public const string Image = "image";
    public const string Audio = "audio";
    public const string Video = "video";
    public const string Other = "other";
}
