using System.ComponentModel.DataAnnotations;

namespace ModelHub.Server.Uploads;

public sealed class CollectorOptions
{
    public const string Section = "ModelHub:Collector";

    public bool Enabled { get; set; } = true;

    /// <summary>How often the collector runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An upload session untouched this long is abandoned: its staged chunks are deleted.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A blob no version references is deleted once it is this old (time for its version to be created).</summary>
    public TimeSpan BlobGracePeriod { get; set; } = TimeSpan.FromDays(1);
}
