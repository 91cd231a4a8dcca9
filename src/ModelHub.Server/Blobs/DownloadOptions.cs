using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// Behind nginx with the filesystem store (<c>deploy/nginx/modelhub.conf</c>): downloads are authorised and their
    /// headers set by the server, then answered with <c>X-Accel-Redirect: {prefix}blobs/sha256/…</c> so nginx sends the
    /// bytes from its internal location aliased to the store's folder. Empty: the server sends the bytes itself.
    /// </summary>
    [RegularExpression("^(/[A-Za-z0-9._-]+)*/$", ErrorMessage = "AccelRedirectPrefix must be a path that starts and ends with /.")]
    public string? AccelRedirectPrefix { get; set; }
}
