using System.ComponentModel.DataAnnotations;

namespace ModelHub.Server.Manifests;

public sealed class ManifestOptions
{
    public const string Section = "ModelHub:Manifests";

    /// <summary>
    /// How long a signed manifest holds (<c>expiresAt</c> − <c>issuedAt</c>): clients refuse it after that, so an old
    /// answer replayed after a rollback stops working within this time. Bodies are signed again when half of it passed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Validity { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The memory the signed manifest bodies may take (least recently used go first).</summary>
    [Range(1, 4096)]
    public int CacheMegabytes { get; set; } = 64;
}
