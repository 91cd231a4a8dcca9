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

    /// <summary>
    /// Where this server keeps local copies of the objects it uploaded (<c>LocalBlobCache</c>), so a version's POST and its
    /// validation read the models from disk instead of downloading them again; default: a folder in the temporary
    /// directory. It should be on the volume of the temporary directory, where validation links the copies in.
    /// </summary>
    public string? LocalCachePath { get; set; }

    /// <summary>The most the local copies hold, in MB (objects above a quarter of it are not kept); 0 switches them off.</summary>
    [Range(0, long.MaxValue)]
    public long LocalCacheMegabytes { get; set; } = 4096;

    /// <summary>How long presigned download URLs stay valid.</summary>
    public TimeSpan PresignedUrlExpiry { get; set; } = TimeSpan.FromMinutes(15);
}
