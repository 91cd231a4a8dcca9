using System.ComponentModel.DataAnnotations;

namespace ModelHub.Storage.S3;

public sealed class S3StorageOptions
{
    public const string Section = "ModelHub:Storage:S3";

    /// <summary>The server's base URL, e.g. <c>http://minio:9000</c>; the scheme decides TLS.</summary>
    [Required]
    [Url]
    public string Endpoint { get; set; } = "";

    [Required]
    public string AccessKey { get; set; } = "";

    [Required]
    public string SecretKey { get; set; } = "";

    [Required]
    [RegularExpression(
        "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "Bucket names are 3-63 lowercase letters, digits, '.' and '-'.")]
    public string Bucket { get; set; } = "modelhub";

    public string Region { get; set; } = "us-east-1";

    /// <summary>Create the bucket at first use when it does not exist.</summary>
    public bool CreateBucket { get; set; } = true;

    /// <summary>Optional prefix for every key, to share a bucket with other data.</summary>
    public string? Prefix { get; set; }

    /// <summary>
    /// Objects up to this size are sent as one streamed PUT; larger ones as a multipart upload, whose parts the SDK
    /// holds in memory. S3 allows at most 5 GiB in one PUT.
    /// </summary>
    [Range(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024)]
    public long MultipartThresholdBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>How long presigned download URLs stay valid.</summary>
    public TimeSpan PresignedUrlExpiry { get; set; } = TimeSpan.FromMinutes(15);
}
