namespace ModelHub.Server.Blobs;

public sealed class DownloadOptions
{
    public const string Section = "ModelHub:Downloads";

    /// <summary>
    /// Answer downloads with a 302 to a short-lived presigned URL of the object store (S3), so bytes bypass the API.
    /// Ignored by stores that cannot presign (the filesystem). Off: bytes stream through the server.
    /// </summary>
    public bool RedirectToStorage { get; set; }

    public TimeSpan RedirectExpiry { get; set; } = TimeSpan.FromMinutes(5);
}
